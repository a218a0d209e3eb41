import { rebuild } from '@electron/rebuild';
import { Arch, type AfterPackContext } from 'electron-builder';
import { copyFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getAbi } from 'node-abi';
import { nativeModuleAbi } from './native-module-abi';

/**
 * better-sqlite3 (the call journal) is a native addon: Electron loads it only when it is built for
 * Electron's ABI, not Node's. electron-builder's own rebuild (`npmRebuild`) rebuilds the project's
 * node_modules in place, and @electron/rebuild skips a module whose marker says it is already
 * built, so a package could ship the Node build; rebuilding in place would instead break the web
 * host and the tests, which run on Node. So the addon is compiled for Electron in a copy of the
 * module outside the project, copied into the package only, and its ABI is checked in the packed
 * file before electron-builder goes on to sign and make installers.
 */
const moduleName = 'better-sqlite3';
const addonPath = path.join('build', 'Release', 'better_sqlite3.node');

export interface ElectronTarget {
  electronVersion: string;
  arch: string;
  platform: NodeJS.Platform;
}

/** Compiles the module in `moduleDir` (a copy) so that its compiled addon is for `target`. */
export type CompileNativeModule = (moduleDir: string, target: ElectronTarget) => Promise<void>;

/** The real compile: Electron's headers and node-gyp, from source, whatever markers say (`force`). */
export const compileWithElectronRebuild: CompileNativeModule = async (moduleDir, target) => {
  await rebuild({ ...target, buildPath: moduleDir, force: true, buildFromSource: true, mode: 'sequential' });
};

/** electron-builder's afterPack hook: the packed addon compiled for Electron, then checked. */
export function packBetterSqlite3ForElectron(projectDir: string, compile: CompileNativeModule) {
  return async (context: AfterPackContext): Promise<void> => {
    const target: ElectronTarget = {
      electronVersion: context.packager.info.framework.version,
      arch: Arch[context.arch],
      platform: context.electronPlatformName as NodeJS.Platform,
    };
    const packed = path.join(
      context.packager.getResourcesDir(context.appOutDir),
      'app.asar.unpacked',
      'node_modules',
      moduleName,
      addonPath,
    );
    const staging = await mkdtemp(path.join(tmpdir(), 'b24phone-native-'));
    try {
      const source = path.join(projectDir, 'node_modules', moduleName);
      const moduleDir = path.join(staging, moduleName);
      // Without the project's build/ (the Node build and its markers): the copy is compiled afresh.
      await cp(source, moduleDir, {
        recursive: true,
        filter: (file) => path.relative(source, file) !== 'build',
      });
      await compile(moduleDir, target);
      await copyFile(path.join(moduleDir, addonPath), packed);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    await assertElectronAbi(packed, target.electronVersion);
  };
}

/** Refuses the package when the packed addon is not built for the Electron it ships with. */
export async function assertElectronAbi(addon: string, electronVersion: string): Promise<void> {
  const expected = Number(getAbi(electronVersion, 'electron'));
  const actual = await nativeModuleAbi(addon);
  if (actual !== expected) {
    throw new Error(
      `${addon} is built for ABI ${actual ?? 'unknown'}, Electron ${electronVersion} loads ABI ${expected} only`,
    );
  }
}
