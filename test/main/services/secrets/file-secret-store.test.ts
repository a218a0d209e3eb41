import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../main/services/log/logger';
import { createFileSecretStore } from '../../../../main/services/secrets/file-secret-store';

const log = createLogger({ level: 'silent' });

describe('file secret store (web host)', () => {
  let profileDir = '';
  beforeEach(() => {
    profileDir = mkdtempSync(path.join(tmpdir(), 'file-secrets-'));
  });

  it('keeps secrets across restarts in a file only the agent can read', () => {
    createFileSecretStore(profileDir, log).set('relay-session', 'abc');
    const file = path.join(profileDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(createFileSecretStore(profileDir, log).get('relay-session')).toBe('abc');
  });

  it('deletes one secret and keeps the others', () => {
    const store = createFileSecretStore(profileDir, log);
    store.set('relay-session', 'abc');
    store.set('bitrix-tokens', 'tok');
    store.delete('relay-session');
    expect(store.storage).toBe('owner-only-file');
    expect(createFileSecretStore(profileDir, log).get('relay-session')).toBeNull();
    expect(createFileSecretStore(profileDir, log).get('bitrix-tokens')).toBe('tok');
  });

  it('sets an unreadable file aside instead of overwriting it', () => {
    writeFileSync(path.join(profileDir, 'secrets.json'), '{"relay-session": 42');
    const store = createFileSecretStore(profileDir, log);
    expect(store.get('relay-session')).toBeNull();
    const aside = readdirSync(profileDir).find((name) => name.startsWith('secrets.json.unreadable-'));
    expect(aside && readFileSync(path.join(profileDir, aside), 'utf8')).toBe('{"relay-session": 42');
  });
});
