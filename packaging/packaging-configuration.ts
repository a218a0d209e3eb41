import type { Configuration } from 'electron-builder';
import { packBetterSqlite3ForElectron, type CompileNativeModule } from './better-sqlite3-for-electron';
import { updatePublishConfiguration } from './update-feed';

/**
 * What `npm run dist` adds to electron-builder.yml: the update feed from the build's environment
 * and the native module compiled for Electron into the package. Tests build with the same.
 */
export function packagingConfiguration(options: {
  projectDir: string;
  env: NodeJS.ProcessEnv;
  compile: CompileNativeModule;
}): Configuration {
  return {
    publish: updatePublishConfiguration(options.env),
    afterPack: packBetterSqlite3ForElectron(options.projectDir, options.compile),
  };
}
