import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packagingConfiguration } from '../../packaging/packaging-configuration';
import { packWithStandInElectron } from './stand-in-package';

/**
 * The files a package is made of, produced by electron-builder itself with what `npm run dist`
 * adds to electron-builder.yml (packaging/packaging-configuration.ts), not the YAML source.
 */
const updateUrl = 'https://updates.example.com/b24phone/';
/** electron-builder collects and packs every runtime dependency: a minute or more on a busy machine. */
const packTimeoutMs = 300_000;

let work: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'b24phone-packaged-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the update feed in the package', () => {
  it(
    'is app-update.yml with the real https URL from B24PHONE_UPDATE_URL',
    async () => {
      const config = packagingConfiguration({ env: { B24PHONE_UPDATE_URL: updateUrl } });
      const app = await packWithStandInElectron(work, config);
      const feed = await readFile(path.join(app, 'resources/app-update.yml'), 'utf8');
      const url = /^url: (.*)$/m.exec(feed)?.[1];
      expect(url).toBe(updateUrl);
      // What electron-updater's generic provider does with it first.
      expect(URL.canParse(url ?? '')).toBe(true);
      expect(feed).toMatch(/^provider: generic$/m);
      expect(feed).toMatch(/^channel: latest$/m);
    },
    packTimeoutMs,
  );

  it('refuses a build without an https update URL, saying which variable', () => {
    for (const env of [
      {},
      { B24PHONE_UPDATE_URL: 'http://updates.example.com/' },
      { B24PHONE_UPDATE_URL: 'updates' },
    ]) {
      expect(() => packagingConfiguration({ env })).toThrow(
        /B24PHONE_UPDATE_URL must be the https:\/\/ folder/,
      );
    }
  });
});
