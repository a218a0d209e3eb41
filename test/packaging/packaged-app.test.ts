import { getAbi } from 'node-abi';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompileNativeModule } from '../../packaging/better-sqlite3-for-electron';
import { nativeModuleAbi } from '../../packaging/native-module-abi';
import { packagingConfiguration } from '../../packaging/packaging-configuration';
import { packWithStandInElectron, projectDir } from './stand-in-package';

/**
 * The files a package is made of, produced by electron-builder itself with what `npm run dist`
 * adds to electron-builder.yml (packaging/packaging-configuration.ts), not the YAML source.
 */
const updateUrl = 'https://updates.example.com/b24phone/';
/** electron-builder collects and packs every runtime dependency: a minute or more on a busy machine. */
const packTimeoutMs = 300_000;
const projectAddon = path.join(projectDir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const electronVersion = JSON.parse(
  await readFile(path.join(projectDir, 'node_modules/electron/package.json'), 'utf8'),
) as {
  version: string;
};

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
      const config = packagingConfiguration({
        projectDir,
        env: { B24PHONE_UPDATE_URL: updateUrl },
        compile: () => Promise.reject(new Error('not reached')),
      });
      // The native module's step needs Electron's headers from the internet; its test is below.
      const app = await packWithStandInElectron(work, { ...config, afterPack: null });
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
      expect(() => packagingConfiguration({ projectDir, env, compile: () => Promise.resolve() })).toThrow(
        /B24PHONE_UPDATE_URL must be the https:\/\/ folder/,
      );
    }
  });
});

describe('better-sqlite3 in the package', () => {
  it("reads the ABI a .node is built for (the project's copy: this Node's)", async () => {
    expect(await nativeModuleAbi(projectAddon)).toBe(Number(process.versions.modules));
  });

  it(
    "refuses a package whose better_sqlite3.node is not built for Electron's ABI, and leaves the project's copy alone",
    async () => {
      const before = createHash('sha256')
        .update(await readFile(projectAddon))
        .digest('hex');
      const compiledIn: string[] = [];
      // What packaging did before: the Node build went into the package as it was.
      const compileForNode: CompileNativeModule = async (moduleDir) => {
        compiledIn.push(moduleDir);
        expect(await readdir(moduleDir)).not.toContain('build');
        await mkdir(path.join(moduleDir, 'build/Release'), { recursive: true });
        await copyFile(projectAddon, path.join(moduleDir, 'build/Release/better_sqlite3.node'));
      };
      const config = packagingConfiguration({
        projectDir,
        env: { B24PHONE_UPDATE_URL: updateUrl },
        compile: compileForNode,
      });

      await expect(packWithStandInElectron(work, config)).rejects.toThrow(
        `is built for ABI ${process.versions.modules}, Electron ${electronVersion.version} loads ABI ${getAbi(electronVersion.version, 'electron')} only`,
      );
      expect(compiledIn).toHaveLength(1);
      expect(path.relative(projectDir, compiledIn[0] ?? '')).toMatch(/^\.\./);
      expect(
        createHash('sha256')
          .update(await readFile(projectAddon))
          .digest('hex'),
      ).toBe(before);
    },
    packTimeoutMs,
  );
});
