import { isAppUrl } from './app-origin';

/** What the shell knows about the sender of an IPC message. */
export interface IpcSender {
  /** URL of the frame that sent it; null when the frame is gone (navigated away, destroyed). */
  frameUrl: string | null;
  /** The sending frame is the top-level frame of its page. */
  isMainFrame: boolean;
  /** The page belongs to our one window (not some other webContents Electron created). */
  isOurWindow: boolean;
}

/**
 * The host API answers only our own page: the main frame of our window, showing our origin.
 * A sub-frame, a page that navigated elsewhere, or any other webContents is refused even if it
 * somehow got hold of the channel names.
 */
export function isTrustedSender(sender: IpcSender): boolean {
  return sender.isOurWindow && sender.isMainFrame && sender.frameUrl !== null && isAppUrl(sender.frameUrl);
}
