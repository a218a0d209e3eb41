import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournalFile } from '../../../main/services/journal/journal-file';
import { createLogger } from '../../../main/services/log/logger';
import { app, BrowserWindow, dialog, resetElectronMock, Tray } from '../../mocks/electron';

/**
 * main.ts when the start fails: here the profile's call journal is held by another process (the
 * same happens with a SQLite module built for another ABI or an unwritable profile). The agent
 * must see why, the single-instance lock must go, and the journal must stay where it is.
 */
const profileDir = mkdtempSync(path.join(tmpdir(), 'b24phone-start-fail-'));
const listenersBefore = {
  uncaught: process.listeners('uncaughtException'),
  rejection: process.listeners('unhandledRejection'),
};
let holder: ReturnType<typeof openJournalFile>;

beforeAll(async () => {
  resetElectronMock({ ready: false });
  holder = openJournalFile(path.join(profileDir, 'call-journal.sqlite'), createLogger({ level: 'silent' }));
  process.env['B24PHONE_PROFILE_DIR'] = profileDir;
  await import('../../../main/shell/main');
  app.becomeReady();
  await waitFor(() => app.exitCode !== null);
});

afterAll(() => {
  holder.db.close();
  delete process.env['B24PHONE_PROFILE_DIR'];
  for (const listener of process.listeners('uncaughtException'))
    if (!listenersBefore.uncaught.includes(listener)) process.off('uncaughtException', listener);
  for (const listener of process.listeners('unhandledRejection'))
    if (!listenersBefore.rejection.includes(listener)) process.off('unhandledRejection', listener);
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('a start that fails', () => {
  it('says so in an error dialog that names the crash log, and writes the reason there', () => {
    const crashLog = path.join(profileDir, 'logs', 'crash.log');
    expect(dialog.errorBoxes).toEqual([
      {
        title: 'b24phone could not start',
        content: expect.stringContaining(
          `is in use by another process\n\nThe details are in ${crashLog}.`,
        ) as unknown,
      },
    ]);
    const line = JSON.parse(readFileSync(crashLog, 'utf8').trim().split('\n').at(-1) ?? '{}') as Record<
      string,
      unknown
    >;
    expect(line).toMatchObject({
      kind: 'startup-failed',
      message: expect.stringContaining('in use') as unknown,
    });
  });

  it('releases the single-instance lock and exits with 1, leaving no invisible app behind', () => {
    expect(app.hasSingleInstanceLock).toBe(false);
    expect(app.exitCode).toBe(1);
    expect(BrowserWindow.created).toHaveLength(0);
    expect(Tray.created).toHaveLength(0);
  });

  it('leaves the journal in place: it is in use, not corrupt', () => {
    expect(existsSync(path.join(profileDir, 'call-journal.sqlite'))).toBe(true);
    expect(readdirSync(profileDir).filter((name) => name.includes('corrupt'))).toEqual([]);
  });
});
