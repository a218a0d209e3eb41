import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RelayProcess } from './support/relay-process';

let relay: RelayProcess | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

describe('the relay on disk', () => {
  it('creates the database and its journal 0600', async () => {
    relay = await RelayProcess.start();
    // Positive control: the relay works on that database (the install stored the portal's tokens).
    expect((await relay.install()).status).toBe(200);
    expect(await (await fetch(`${relay.url}/ready`)).json()).toMatchObject({ ready: true, portals: 1 });
    for (const file of [relay.databasePath, `${relay.databasePath}-wal`, `${relay.databasePath}-shm`]) {
      expect([file, mode(file)]).toEqual([file, '600']);
    }
  });

  it('creates a missing database folder 0700', async () => {
    relay = await RelayProcess.start({ databasePath: 'state/relay/relay.db' });
    expect((await relay.install()).status).toBe(200);
    expect(mode(path.dirname(relay.databasePath))).toBe('700');
    expect(mode(path.join(relay.dir, 'state'))).toBe('700');
    expect(mode(relay.databasePath)).toBe('600');
  });

  it('narrows a database an older relay left readable to 0600', async () => {
    relay = await RelayProcess.start({
      databasePath: 'shared/relay.db',
      // What an older relay left: a world-readable database in the operator's own folder.
      prepare: (dir) => {
        mkdirSync(path.join(dir, 'shared'), { mode: 0o755 });
        writeFileSync(path.join(dir, 'shared', 'relay.db'), '', { mode: 0o644 });
      },
    });
    expect((await relay.install()).status).toBe(200);
    expect(mode(relay.databasePath)).toBe('600');
    // The operator's folder is theirs: left as it was.
    expect(mode(path.dirname(relay.databasePath))).toBe('755');
  });
});
