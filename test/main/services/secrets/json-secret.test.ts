import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { bitrixTokenStore } from '../../../../main/services/bitrix/bitrix-tokens';
import { createLogger } from '../../../../main/services/log/logger';
import { createFileSecretStore } from '../../../../main/services/secrets/file-secret-store';
import { plainSecrets } from '../../../support/plain-secrets-profile';

const log = createLogger({ level: 'silent' });

describe('a structured secret in the store', () => {
  let profileDir = '';
  beforeEach(() => {
    profileDir = mkdtempSync(path.join(tmpdir(), 'json-secret-'));
  });

  it('takes over a plain file an earlier version wrote, and removes it', () => {
    writeFileSync(path.join(profileDir, 'bitrix-tokens.json'), JSON.stringify(plainSecrets.tokens));
    const secrets = createFileSecretStore(profileDir, log);
    expect(bitrixTokenStore(profileDir, secrets, log).load()).toMatchObject({
      access_token: 'access-token-3b7e90',
    });
    expect(existsSync(path.join(profileDir, 'bitrix-tokens.json'))).toBe(false);
    expect(bitrixTokenStore(profileDir, createFileSecretStore(profileDir, log), log).load()).toMatchObject({
      user_id: 2,
    });
  });

  it('sets a damaged plain file aside, never overwriting it, and asks for a sign-in', () => {
    writeFileSync(path.join(profileDir, 'bitrix-tokens.json'), '{"access_token": "half');
    const secrets = createFileSecretStore(profileDir, log);
    expect(bitrixTokenStore(profileDir, secrets, log).load()).toBeNull();
    const aside = readdirSync(profileDir).find((name) => name.startsWith('bitrix-tokens.json.unreadable-'));
    expect(aside && readFileSync(path.join(profileDir, aside), 'utf8')).toBe('{"access_token": "half');
  });

  it('drops a stored value that no longer matches its schema, with a sign-in required', () => {
    const secrets = createFileSecretStore(profileDir, log);
    secrets.set('bitrix-tokens', JSON.stringify({ access_token: '' }));
    expect(bitrixTokenStore(profileDir, secrets, log).load()).toBeNull();
    expect(secrets.get('bitrix-tokens')).toBeNull();
  });
});
