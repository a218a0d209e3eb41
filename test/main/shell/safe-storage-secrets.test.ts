import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHostServices, type HostServices } from '../../../main/services/host-services';
import { createLogger } from '../../../main/services/log/logger';
import { createSafeStorageSecretStore } from '../../../main/shell/safe-storage-secrets';
import { resetElectronMock, safeStorage } from '../../mocks/electron';
import {
  plainSecrets,
  secretsInClear,
  secretTexts,
  writePlainSecrets,
} from '../../support/plain-secrets-profile';

const log = createLogger({ level: 'silent' });

const { sipPassword, relaySession } = plainSecrets;

function plainProfile(): string {
  const profileDir = mkdtempSync(path.join(tmpdir(), 'secrets-'));
  writePlainSecrets(profileDir);
  return profileDir;
}

let services: HostServices | undefined;
afterEach(async () => {
  await services?.close();
  services = undefined;
});

function start(profileDir: string): HostServices {
  services = createHostServices({ profileDir, log, secrets: createSafeStorageSecretStore(profileDir, log) });
  return services;
}

describe('the desktop’s secrets in the OS keychain', () => {
  beforeEach(() => resetElectronMock());

  it('moves the plain secrets of an old profile into safeStorage, losing none, and keeps nothing in the clear', async () => {
    const profileDir = plainProfile();
    const host = start(profileDir);

    expect((await host.handlers['settings/get']()).sip?.password).toBe(sipPassword);
    const status = await host.handlers['status/get']();
    expect(status.secrets).toBe('os-keychain');
    expect(status.bitrix).toMatchObject({ state: 'connected', userId: 2 });
    expect(status.relay).toMatchObject({ relayUrl: relaySession.relayUrl, userId: 2 });
    expect(existsSync(path.join(profileDir, 'relay-session.json'))).toBe(false);
    expect(existsSync(path.join(profileDir, 'bitrix-tokens.json'))).toBe(false);
    expect(secretsInClear(profileDir)).toEqual([]);
    // What is on disk is what safeStorage encrypted: decrypted, it holds all three.
    const stored = readFileSync(path.join(profileDir, 'secrets.bin'), 'utf8');
    const decrypted = safeStorage.decryptString(Buffer.from(stored, 'base64'));
    for (const secret of secretTexts) expect(decrypted).toContain(secret);
    expect(statSync(path.join(profileDir, 'secrets.bin')).mode & 0o777).toBe(0o600);

    // The next start reads them back from the keychain.
    await host.close();
    const again = start(profileDir);
    expect((await again.handlers['settings/get']()).sip?.password).toBe(sipPassword);
    expect((await again.handlers['status/get']()).bitrix).toMatchObject({ state: 'connected' });
  });

  it('keeps a password saved in the settings out of settings.json', async () => {
    const profileDir = mkdtempSync(path.join(tmpdir(), 'secrets-'));
    const host = start(profileDir);
    const settings = await host.handlers['settings/get']();
    const sip = { wsUrl: 'wss://pbx.example.com/ws', domain: 'pbx.example.com', extension: '102' };
    const saved = await host.handlers['settings/save']({
      ...settings,
      sip: { ...sip, password: sipPassword, displayName: '', callIdHeader: '', lineHeader: '' },
    });
    expect(saved.sip?.password).toBe(sipPassword);
    expect(secretsInClear(profileDir)).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(profileDir, 'settings.json'), 'utf8'))).toMatchObject({
      sip: { extension: '102', password: '' },
    });
  });

  it.each([
    ['no encryption at all', () => (safeStorage.available = false)],
    ["Linux's hard-coded fallback key", () => (safeStorage.backend = 'basic_text')],
  ])('with %s, writes nothing secret to disk and says so in the status', async (_what, weaken) => {
    weaken();
    const profileDir = plainProfile();
    const host = start(profileDir);

    expect((await host.handlers['status/get']()).secrets).toBe('memory-only');
    // This run still has them all.
    expect((await host.handlers['settings/get']()).sip?.password).toBe(sipPassword);
    expect((await host.handlers['status/get']()).bitrix).toMatchObject({ state: 'connected' });
    expect(secretsInClear(profileDir)).toEqual([]);
    expect(existsSync(path.join(profileDir, 'secrets.bin'))).toBe(false);
  });
});
