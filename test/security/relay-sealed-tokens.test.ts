import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { routeToken } from '../relay/support/relay-rig';
import { RelayProcess } from './support/relay-process';

let relay: RelayProcess | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

const tokenKey = 'token-key-for-tests-0123456789abcdef';

/** The portal row's token columns as they are on disk. */
function storedTokens(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare('SELECT application_token, access_token, refresh_token FROM portals')
      .get() as Record<string, string>;
    return Object.values(row);
  } finally {
    db.close();
  }
}

const routeLookup = async (url: string) =>
  (
    await fetch(`${url}/route?phone=%2B74951234567&format=json`, {
      headers: { authorization: `Bearer ${routeToken}` },
    })
  ).status;

describe('tokens sealed with the key from the configuration', () => {
  it('keeps no token of a portal in clear in the database, and uses them after a restart', async () => {
    relay = await RelayProcess.start({ env: { RELAY_TOKEN_KEY: tokenKey } });
    const { status, applicationToken } = await relay.install();
    expect(status).toBe(200);
    const stored = storedTokens(relay.databasePath);
    expect(stored).toHaveLength(3);
    for (const value of stored) expect(value).toMatch(/^sealed:v1:/);
    const onDisk = ['', '-wal']
      .map((suffix) => {
        try {
          return readFileSync(`${relay!.databasePath}${suffix}`, 'latin1');
        } catch {
          return '';
        }
      })
      .join('');
    expect(onDisk).not.toContain(applicationToken);

    // Positive control: the relay opens them - the route look-up calls the portal with its token,
    // also after a restart with the same key.
    expect(await routeLookup(relay.url)).toBe(200);
    await relay.restart();
    expect(await routeLookup(relay.url)).toBe(200);

    // Without the key, or with another, the relay refuses to start and says why.
    await expect(relay.restart({ RELAY_TOKEN_KEY: undefined })).rejects.toThrow(/exited/);
    expect(readFileSync(relay.logFile, 'utf8')).toContain('The database holds sealed tokens');
    await expect(relay.restart({ RELAY_TOKEN_KEY: `${tokenKey}-other` })).rejects.toThrow(/exited/);
    expect(readFileSync(relay.logFile, 'utf8')).toContain('sealed with another key');
  });
});
