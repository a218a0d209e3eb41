import { execFile } from 'node:child_process';
import type { Logger } from '../services/log/logger';

/**
 * Whether the desktop shows our tray icon. Windows and macOS always do. On Linux Electron's tray
 * is a StatusNotifierItem, shown only where a StatusNotifierWatcher runs on the session bus (KDE,
 * Cinnamon, XFCE with its plugin, GNOME only with the AppIndicator extension): without one, a
 * window hidden "to the tray" could only be reached by launching the app again. Until the bus has
 * answered, and when it cannot be asked, there is taken to be no tray.
 */
export function setupTrayPresence(platform: NodeJS.Platform, log: Logger): () => boolean {
  if (platform !== 'linux') return () => true;
  let shown = false;
  void linuxTrayHostPresent(process.env).then((present) => {
    shown = present;
    if (!present) log.warn('no tray on this desktop: closing the window minimises it');
  });
  return () => shown;
}

/** Asks the session bus (DBUS_SESSION_BUS_ADDRESS in `env`) whether a StatusNotifierWatcher runs. */
export function linuxTrayHostPresent(env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(
      'dbus-send',
      [
        '--session',
        '--print-reply',
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner',
        'string:org.kde.StatusNotifierWatcher',
      ],
      { env, timeout: 5_000 },
      (error, stdout) => resolve(error === null && /boolean true/.test(stdout)),
    );
  });
}
