import { app } from 'electron';
import path from 'node:path';

/**
 * The agent's profile folder: settings, secrets, journal, recordings, logs, and Chromium's own
 * data. Electron's per-user default, or B24PHONE_PROFILE_DIR when set (tests, roaming or
 * redirected profiles on managed machines). Must run before the single-instance lock, which
 * lives in this folder: one running app per profile.
 */
export function setupProfileDir(env: NodeJS.ProcessEnv): string {
  const chosen = env['B24PHONE_PROFILE_DIR']?.trim();
  if (chosen) app.setPath('userData', path.resolve(chosen));
  return app.getPath('userData');
}
