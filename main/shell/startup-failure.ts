import { app, dialog } from 'electron';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { resolveLanguage } from '../../common/i18n/resolve-language';
import { crashLogFile, crashLogLine } from './crash-log';
import { shellTexts } from './shell-texts';

/**
 * Runs the app's start. When it fails (a SQLite module built for another ABI, a journal another
 * process holds, an unwritable profile...), an app without a window or tray must not stay behind:
 * it would hold the single-instance lock, so every later launch and every tel: link would go to
 * an app nobody can see. Instead the failure goes to crash.log, the agent sees it in an error
 * dialog that names the log, the lock is released and the process exits with 1.
 */
export function startOrFail(profileDir: string, start: () => Promise<void>): void {
  let failed = false;
  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    const reason = error instanceof Error ? error.message : String(error);
    const logFile = crashLogFile(profileDir);
    const logged = writeCrashLine(logFile, error);
    void app.whenReady().then(() => {
      // The settings may be what failed: the OS's language, as the window resolves `system`.
      const text = shellTexts(resolveLanguage('system', [app.getLocale()]));
      dialog.showErrorBox(
        text('startup-failed.title'),
        logged
          ? text('startup-failed.body', { reason, log: logFile })
          : text('startup-failed.body.no-log', { reason }),
      );
      app.releaseSingleInstanceLock();
      app.exit(1);
    });
  };
  try {
    start().catch(fail);
  } catch (error) {
    fail(error);
  }
}

function writeCrashLine(file: string, error: unknown): boolean {
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const details =
      error instanceof Error
        ? { message: error.message, stack: error.stack ?? null }
        : { message: String(error) };
    appendFileSync(file, crashLogLine('startup-failed', details, new Date()), { mode: 0o600 });
    return true;
  } catch {
    return false;
  }
}
