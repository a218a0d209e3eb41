import type { StateCreator } from 'zustand';
import type { HostStatus } from '../../common/host-api/host-status';
import type { Settings } from '../../common/settings/settings';

export interface HostSlice {
  hostStatus: HostStatus | null;
  settings: Settings | null;
  setHostStatus: (status: HostStatus) => void;
  setSettings: (settings: Settings) => void;
}

export const createHostSlice: StateCreator<HostSlice, [], [], HostSlice> = (set) => ({
  hostStatus: null,
  settings: null,
  setHostStatus: (hostStatus) => set({ hostStatus }),
  setSettings: (settings) => set({ settings }),
});
