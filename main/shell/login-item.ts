import { app } from 'electron';
import { mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Settings } from '../../common/settings/settings';
import { writeFileAtomic } from '../services/files/write-file-atomic';
import type { Logger } from '../services/log/logger';
import { autostartEntry, autostartExecutable, autostartFileName } from './linux-autostart';
import type { WatchedValue } from './watched-value';

/** The argument a login start carries on Windows and Linux: the window stays in the tray until needed. */
export const startHiddenArgument = '--hidden';

/** True when the OS started the app at login (macOS says so itself; it passes no arguments to login items). */
export function startedAtLogin(argv: readonly string[]): boolean {
  if (argv.includes(startHiddenArgument)) return true;
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}

/**
 * Starts b24phone at login when the agent's setting says so, hidden in the tray, and follows the
 * setting when it changes. macOS and Windows through Electron, Linux through an autostart entry.
 */
export function setupLoginItem(settings: WatchedValue<Settings>, log: Logger): void {
  const apply = (enabled: boolean) => {
    try {
      if (process.platform === 'linux') applyLinux(enabled);
      else app.setLoginItemSettings({ openAtLogin: enabled, args: [startHiddenArgument] });
    } catch (error) {
      log.warn({ err: error }, 'could not change start at login');
    }
  };
  // Only in a packaged app: a development build must not put `electron .` into the agent's login.
  if (!app.isPackaged) return;
  apply(settings.get().desktop.launchAtLogin);
  settings.subscribe((next, previous) => {
    if (next.desktop.launchAtLogin !== previous.desktop.launchAtLogin) apply(next.desktop.launchAtLogin);
  });
}

function applyLinux(enabled: boolean): void {
  const directory = path.join(process.env['XDG_CONFIG_HOME'] ?? path.join(homedir(), '.config'), 'autostart');
  const file = path.join(directory, autostartFileName);
  if (!enabled) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(directory, { recursive: true });
  writeFileAtomic(file, autostartEntry(autostartExecutable(process.env, process.execPath)), 0o644);
}
