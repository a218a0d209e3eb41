import { createContext, useContext } from 'react';
import type { HostApi } from '../../common/host-api/host-api';
import type { PhoneController } from './phone-controller';

export interface AppServices {
  host: HostApi;
  phone: PhoneController;
}

export const AppServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) throw new Error('useServices outside AppServicesContext');
  return services;
}
