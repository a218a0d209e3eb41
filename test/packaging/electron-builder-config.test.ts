import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { describe, expect, it } from 'vitest';
import { appUserModelId } from '../../main/shell/lifecycle';

/**
 * electron-builder.yml checked with electron-builder's own loader and schema validation (what
 * `electron-builder` runs before it packages anything), since the packages themselves cannot be
 * built on machines without Electron's binary. Then the settings our security and roll-out rely on.
 */
const root = path.resolve(import.meta.dirname, '../..');
/** Validation reports to electron-builder's debug log only when it is enabled; here it is not. */
const debugLogger = { isEnabled: false, add: () => undefined } as unknown as Parameters<
  typeof validateConfiguration
>[1];

async function projectConfig(): Promise<Configuration> {
  return getConfig(root, path.join(root, 'electron-builder.yml'), null);
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own validation", async () => {
    await expect(validateConfiguration(await projectConfig(), debugLogger)).resolves.toBeUndefined();
  });

  it('would be refused if it were wrong (the validation is live)', async () => {
    const broken = {
      ...(await projectConfig()),
      electronFuses: { runAsNode: 'no' },
    } as unknown as Configuration;
    await expect(validateConfiguration(broken, debugLogger)).rejects.toThrow(/runAsNode/);
  });

  it('flips every fuse that closes a door into the packaged app', async () => {
    expect((await projectConfig()).electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('has the identity Windows needs to show our notifications', async () => {
    expect((await projectConfig()).appId).toBe(appUserModelId);
  });

  it('registers tel:, callto: and sip: and no file types', async () => {
    const config = await projectConfig();
    expect(config.protocols).toEqual([{ name: 'Phone call', schemes: ['tel', 'callto', 'sip'] }]);
    expect(config.fileAssociations).toEqual([]);
  });

  it('targets nsis, a hardened and notarised dmg with the microphone, AppImage and deb', async () => {
    const config = await projectConfig();
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac).toMatchObject({
      hardenedRuntime: true,
      notarize: true,
      entitlements: 'build/entitlements.mac.plist',
      extendInfo: { NSMicrophoneUsageDescription: expect.stringContaining('microphone') as unknown },
    });
    expect(config.mac?.target).toEqual([
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ]);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
  });

  it('packs only the built app and keeps the native SQLite module loadable, rebuilt by packaging/ only', async () => {
    const config = await projectConfig();
    // Validation normalises `files` into a filter set; what matters is which patterns it holds.
    expect(JSON.stringify(config.files)).toMatch(/"out\/\*\*".*"!out\/\*\*\/\*\.map".*"package\.json"/);
    expect(config.asarUnpack).toEqual(['node_modules/better-sqlite3/**/*']);
    // electron-builder's own rebuild works in place on the project's node_modules.
    expect(config.npmRebuild).toBe(false);
    // The update feed comes from packaging/update-feed.ts (test/packaging/packaged-app.test.ts).
    expect(config.publish).toBeUndefined();
  });

  it('has the deb recommend the tray library current Debian and Ubuntu ship', async () => {
    expect((await projectConfig()).deb?.recommends).toEqual(['libayatana-appindicator3-1']);
  });
});
