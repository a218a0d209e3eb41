import { build } from 'electron-builder';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compileWithElectronRebuild } from './better-sqlite3-for-electron';
import { packagingConfiguration } from './packaging-configuration';

/**
 * `npm run dist [-- --win|--mac|--linux] [--dir]`: electron-builder with electron-builder.yml plus
 * packagingConfiguration, for the given platforms (default: the one it runs on); `--dir` stops at
 * the unpacked app (no installers), which is what the release smoke test launches.
 */
const projectDir = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    win: { type: 'boolean' },
    mac: { type: 'boolean' },
    linux: { type: 'boolean' },
    dir: { type: 'boolean' },
  },
});
try {
  await build({
    projectDir,
    publish: 'never',
    ...(values.win ? { win: [] } : {}),
    ...(values.mac ? { mac: [] } : {}),
    ...(values.linux ? { linux: [] } : {}),
    ...(values.dir ? { dir: true } : {}),
    config: packagingConfiguration({ projectDir, env: process.env, compile: compileWithElectronRebuild }),
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
