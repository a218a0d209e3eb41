import { app, globalShortcut } from 'electron';
import type { Logger } from '../services/log/logger';

/**
 * The app's identity on Windows. Windows shows an app's notifications only when this matches the
 * AppUserModelID of its Start-menu shortcut, which the installer takes from electron-builder.yml's
 * `appId` (test/packaging/electron-builder-config.test.ts keeps the two equal).
 */
export const appUserModelId = 'com.b24phone.desktop';

/**
 * How the app lives and ends: it keeps running with the window hidden (only Quit ends it, so
 * calls keep ringing); the macOS dock icon reopens the window; on quit the shortcuts are released
 * and the services closed so the journal is flushed before the process goes.
 */
export function setupLifecycle(options: {
  showWindow: () => void;
  close: () => Promise<void>;
  log: Logger;
}): void {
  if (process.platform === 'win32') app.setAppUserModelId(appUserModelId);
  // Listening replaces Electron's default of quitting when no window is left: the app lives on in
  // the tray until the agent chooses Quit.
  app.on('window-all-closed', () => undefined);
  app.on('activate', () => options.showWindow());
  let closed = false;
  app.on('will-quit', (event) => {
    globalShortcut.unregisterAll();
    if (closed) return;
    event.preventDefault();
    closed = true;
    options
      .close()
      .catch((error: unknown) => options.log.error({ err: error }, 'services did not close cleanly'))
      .finally(() => app.quit());
  });
}
