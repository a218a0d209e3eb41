import { contextBridge, ipcRenderer } from 'electron';
import { buildHostApi } from '../common/host-api/host-api';
import { hostGlobalName } from '../common/host-api/host-global';
import { createIpcTransport } from './ipc-transport';

/**
 * The page's only way to the host: the contract's API over IPC, frozen, under one global name.
 * ipcRenderer itself never crosses the bridge.
 */
contextBridge.exposeInMainWorld(hostGlobalName, buildHostApi(createIpcTransport(ipcRenderer)));
