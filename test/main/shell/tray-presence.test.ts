import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linuxTrayHostPresent } from '../../../main/shell/tray-presence';
import { startMediaKeys, type MediaKeys } from '../../e2e/support/media-keys';

/**
 * The tray probe against a real session bus of our own (the private bus the media-key specs use):
 * a desktop without a StatusNotifierWatcher (GNOME without the AppIndicator extension) has no
 * tray, and neither, to be safe, has a machine whose bus cannot be asked.
 */
describe('is there a tray on this Linux desktop?', () => {
  let dir: string;
  let bus: MediaKeys;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'b24phone-tray-bus-'));
    bus = await startMediaKeys(dir);
  });

  afterAll(async () => {
    await bus.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the bus answers, and no StatusNotifierWatcher is on it: no tray', async () => {
    const names = execFileSync(
      'dbus-send',
      [
        `--bus=${bus.address}`,
        '--print-reply',
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus.ListNames',
      ],
      { timeout: 5_000 },
    ).toString();
    expect(names).toContain('org.freedesktop.DBus');
    expect(await linuxTrayHostPresent({ ...process.env, DBUS_SESSION_BUS_ADDRESS: bus.address })).toBe(false);
  });

  it('no session bus to ask: no tray', async () => {
    const nowhere = `unix:path=${path.join(dir, 'no-such-bus')}`;
    expect(await linuxTrayHostPresent({ ...process.env, DBUS_SESSION_BUS_ADDRESS: nowhere })).toBe(false);
  });
});
