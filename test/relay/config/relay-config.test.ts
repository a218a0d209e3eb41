import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readOwnerOnlyFile, RelayConfigError, resolveRelayConfig } from '../../../relay/config/relay-config';

const env = {
  B24_CLIENT_ID: 'local.abc.1',
  B24_CLIENT_SECRET: 'secret-from-the-environment',
  RELAY_PUBLIC_URL: 'https://relay.example.com/',
  RELAY_DB: '/var/lib/b24phone-relay/relay.db',
};

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('relay configuration', () => {
  it('fills defaults and takes the secret and addresses from the environment', () => {
    const config = resolveRelayConfig({ lines: [{ number: '74950001122' }] }, { ...env, RELAY_PORT: '9000' });
    expect(config.publicUrl).toBe('https://relay.example.com');
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(config.secrets.clientSecret).toBe('secret-from-the-environment');
    expect(config.clickToCall).toEqual({ acceptTimeoutMs: 10_000, maxEventAgeMs: 15_000 });
    expect(config.lines).toEqual([{ number: '74950001122', crmAutoCreate: true, users: [] }]);
  });

  it('refuses a secret written into the JSON file', () => {
    expect(() => resolveRelayConfig({ app: { clientId: 'x', clientSecret: 'oops' } }, env)).toThrow(
      RelayConfigError,
    );
    expect(() => resolveRelayConfig({ clientSecret: 'oops' }, env)).toThrow(/clientSecret/);
  });

  it('says what is missing', () => {
    expect(() => resolveRelayConfig({}, { ...env, B24_CLIENT_SECRET: undefined })).toThrow(/client secret/);
    expect(() => resolveRelayConfig({}, { ...env, RELAY_PUBLIC_URL: 'not a url' })).toThrow(/public URL/);
    // Listening beyond loopback, the address the world uses must be given.
    expect(() =>
      resolveRelayConfig({ listen: { host: '0.0.0.0' } }, { ...env, RELAY_PUBLIC_URL: undefined }),
    ).toThrow(/public URL is missing/);
    expect(resolveRelayConfig({}, { ...env, RELAY_PUBLIC_URL: undefined }).publicUrl).toBe('');
    expect(() => resolveRelayConfig({}, { ...env, RELAY_PORT: 'eighty' })).toThrow(/RELAY_PORT/);
    // No database in whatever directory the relay happened to start from.
    expect(() => resolveRelayConfig({}, { ...env, RELAY_DB: undefined })).toThrow(/RELAY_DB or databasePath/);
    expect(
      resolveRelayConfig({ databasePath: '/srv/relay.db' }, { ...env, RELAY_DB: undefined }),
    ).toMatchObject({
      databasePath: '/srv/relay.db',
    });
    expect(() => resolveRelayConfig({}, { ...env, RELAY_ADMIN_TOKEN: 'short' })).toThrow(/at least 16/);
    expect(() => resolveRelayConfig({}, { ...env, RELAY_TOKEN_KEY: 'x'.repeat(31) })).toThrow(/at least 32/);
    expect(resolveRelayConfig({}, { ...env, RELAY_TOKEN_KEY: 'x'.repeat(32) }).secrets.tokenKey).toHaveLength(
      32,
    );
  });

  it('trusts no proxy unless told, and only addresses or ranges', () => {
    expect(resolveRelayConfig({}, env).trustedProxies).toEqual([]);
    expect(
      resolveRelayConfig({ trustedProxies: ['127.0.0.1', '10.0.0.0/8', '::1'] }, env).trustedProxies,
    ).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    for (const wrong of ['loopback', 'true', '10.0.0.0/33', '10.0.0.1/8/1', 'relay.example.com']) {
      expect(() => resolveRelayConfig({ trustedProxies: [wrong] }, env)).toThrow(/trustedProxies/);
    }
  });

  it('reads secret files only when no one but the owner can read them', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'relay-config-'));
    const file = path.join(dir, 'secret');
    writeFileSync(file, 'secret-from-a-file\n');
    chmodSync(file, 0o644);
    expect(() => readOwnerOnlyFile(file)).toThrow(/readable by others/);
    chmodSync(file, 0o600);
    const config = resolveRelayConfig(
      {},
      { ...env, B24_CLIENT_SECRET: undefined, B24_CLIENT_SECRET_FILE: file },
    );
    expect(config.secrets.clientSecret).toBe('secret-from-a-file');
    expect(() => resolveRelayConfig({}, { ...env, B24_CLIENT_SECRET_FILE: file })).toThrow(/not both/);
  });
});
