import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { hostEventNames, hostMethodNames } from '../../common/host-api/contract';
import { createHostDispatcher, type HostApiHandlers } from '../services/host-api/dispatcher';
import type { HostEventBus } from '../services/host-api/event-bus';
import type { Logger } from '../services/log/logger';
import { isTrustedSender, type IpcSender } from './ipc-sender-policy';
import type { MainWindow } from './main-window';

/**
 * The host API over Electron IPC: one `ipcMain.handle` per contract method (the channel is the
 * method's name), answered only for our own page's main frame and validated by the contract's
 * dispatcher; every host event forwarded to the window. Nothing else crosses IPC.
 */
export function setupHostIpc(options: {
  window: MainWindow;
  handlers: HostApiHandlers;
  events: HostEventBus;
  log: Logger;
}): void {
  const { window, log } = options;
  const dispatch = createHostDispatcher(options.handlers, log);
  for (const method of hostMethodNames) {
    ipcMain.handle(method, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const sender = senderOf(event, window);
      if (!isTrustedSender(sender)) {
        log.warn({ method, frameUrl: sender.frameUrl?.slice(0, 200) }, 'host call refused: not our page');
        throw new Error('Refused: not the app page');
      }
      return dispatch(method, args);
    });
  }
  for (const name of hostEventNames) {
    options.events.on(name, (payload) => window.send(name, payload));
  }
}

function senderOf(event: IpcMainInvokeEvent, window: MainWindow): IpcSender {
  const frame = event.senderFrame;
  return {
    frameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame.parent === null,
    isOurWindow: window.isOurs(event.sender),
  };
}
