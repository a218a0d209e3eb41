import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/services/log/logger';
import { createSafeStorageSecretStore } from '../../../main/shell/safe-storage-secrets';
import { resetElectronMock, safeStorage } from '../../mocks/electron';

const log = createLogger({ level: 'silent' });

describe('secrets in the OS keychain', () => {
  let profileDir = '';
  beforeEach(() => {
    resetElectronMock();
    profileDir = mkdtempSync(path.join(tmpdir(), 'secrets-'));
  });

  it('stores the relay session encrypted, never in the clear, and reads it back after a restart', () => {
    const store = createSafeStorageSecretStore(profileDir, log);
    store.set('relay-session', 'session-7f3a');
    expect(store.persistent).toBe(true);
    const onDisk = readFileSync(path.join(profileDir, 'secrets.bin'), 'utf8');
    expect(onDisk).not.toContain('session-7f3a');
    expect(createSafeStorageSecretStore(profileDir, log).get('relay-session')).toBe('session-7f3a');
  });

  it('forgets everything on sign out', () => {
    const store = createSafeStorageSecretStore(profileDir, log);
    store.set('relay-session', 's');
    store.set('bitrix-access-token', 't');
    store.clear();
    expect(readdirSync(profileDir)).toEqual([]);
    expect(createSafeStorageSecretStore(profileDir, log).get('bitrix-access-token')).toBeNull();
  });

  it.each([
    ['no encryption at all', () => (safeStorage.available = false)],
    ["Linux's hard-coded fallback key", () => (safeStorage.backend = 'basic_text')],
  ])('writes nothing to disk with %s', (_what, weaken) => {
    weaken();
    const store = createSafeStorageSecretStore(profileDir, log);
    store.set('relay-session', 's');
    expect(store.persistent).toBe(false);
    expect(store.get('relay-session')).toBe('s');
    expect(readdirSync(profileDir)).toEqual([]);
  });
});
