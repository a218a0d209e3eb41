import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostStatus } from '../../../common/host-api/host-status';
import type { Settings } from '../../../common/settings/settings';
import {
  modesUnder,
  plainSecrets,
  secretsInClear,
  writePlainSecrets,
} from '../../support/plain-secrets-profile';
import { WebHostProcess } from '../services/support/web-host-process';

/**
 * The real web host (its own process) on a profile an earlier version left behind: folder 0755,
 * files 0644, secrets in plain JSON and in settings.json. What it keeps where, and with which
 * modes, is read from the disk.
 */
let directory = '';
let host: WebHostProcess | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
  rmSync(directory, { recursive: true, force: true });
});

function oldProfile(): string {
  directory = mkdtempSync(path.join(tmpdir(), 'web-host-profile-'));
  const profileDir = path.join(directory, 'profile');
  mkdirSync(path.join(profileDir, 'logs'), { recursive: true });
  chmodSync(profileDir, 0o755);
  chmodSync(path.join(profileDir, 'logs'), 0o755);
  writeFileSync(path.join(profileDir, 'logs', 'web-host.log'), '', { mode: 0o644 });
  writePlainSecrets(profileDir, 0o644);
  return profileDir;
}

describe('the web host’s profile on disk', () => {
  it('moves plain secrets into its one 0600 secrets file, losing none, and keeps the whole profile owner-only', async () => {
    const profileDir = oldProfile();
    host = await WebHostProcess.start(profileDir);

    expect((await host.call<Settings>('settings/get')).sip?.password).toBe(plainSecrets.sipPassword);
    const status = await host.call<HostStatus>('status/get');
    expect(status.secrets).toBe('owner-only-file');
    expect(status.bitrix).toMatchObject({ state: 'connected', userId: 2 });
    expect(status.relay).toMatchObject({ relayUrl: plainSecrets.relaySession.relayUrl, userId: 2 });
    expect(existsSync(path.join(profileDir, 'relay-session.json'))).toBe(false);
    expect(existsSync(path.join(profileDir, 'bitrix-tokens.json'))).toBe(false);
    await host.stop();

    // Only the secrets file holds them; every file 0600, every folder 0700 (journal and logs too).
    const holders = new Set(secretsInClear(profileDir).map((found) => found.replace(/.* in /, '')));
    expect([...holders]).toEqual(['secrets.json']);
    const modes = modesUnder(profileDir);
    expect(modes).toMatchObject({
      '.': '700',
      logs: '700',
      'logs/web-host.log': '600',
      'call-journal.sqlite': '600',
      'settings.json': '600',
      'secrets.json': '600',
    });
    expect(Object.entries(modes).filter(([, mode]) => mode !== '600' && mode !== '700')).toEqual([]);

    // The next start has them all.
    host = await WebHostProcess.start(profileDir);
    expect((await host.call<Settings>('settings/get')).sip?.password).toBe(plainSecrets.sipPassword);
    expect((await host.call<HostStatus>('status/get')).bitrix).toMatchObject({ state: 'connected' });
  });
});
