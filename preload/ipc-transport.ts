import { isHostEventName, isHostMethodName } from '../common/host-api/contract';
import type { HostTransport } from '../common/host-api/host-api';

/** The part of Electron's ipcRenderer the transport uses (the real one in the preload, a fake in tests). */
export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * The host API's transport over Electron IPC: one channel per contract method and event, named
 * like it. Only contract names pass, so the page cannot reach any other channel through it, and
 * listeners get the payload alone - never the IpcRendererEvent, whose `sender` is ipcRenderer.
 */
export function createIpcTransport(ipc: IpcRendererPort): HostTransport {
  return {
    invoke(method, args) {
      if (!isHostMethodName(method)) return Promise.reject(new Error('Unknown host method'));
      return ipc.invoke(method, ...args);
    },
    subscribe(event, listener) {
      if (!isHostEventName(event)) throw new Error('Unknown host event');
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(event, forward);
      return () => {
        ipc.removeListener(event, forward);
      };
    },
  };
}
