import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { AppServicesContext } from './app/app-services';
import { PhoneController } from './app/phone-controller';
import { connectHost } from './host/connect-host';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const host = connectHost();
const services = { host, phone: new PhoneController(host) };
createRoot(root).render(
  <StrictMode>
    <AppServicesContext.Provider value={services}>
      <App />
    </AppServicesContext.Provider>
  </StrictMode>,
);
