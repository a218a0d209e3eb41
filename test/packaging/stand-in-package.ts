import { build } from 'electron-builder';
import type { Configuration } from 'electron-builder';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const projectDir = path.resolve(import.meta.dirname, '../..');

/**
 * Runs the real `electron-builder --dir --linux` on this project with electron-builder.yml plus
 * `config`, offline: Electron's binary cannot be downloaded here, so a stand-in Electron folder
 * (an `electron` file and nothing else) takes its place. What depends on the real binary or the
 * internet is left out and said so: the fuses (flipped inside the binary), the check that the asar
 * holds the built main bundle (`npm run build` is not run for this), and electron-builder's own
 * native rebuild (it needs Electron's headers, and works in place: it would replace the project's
 * Node build of better-sqlite3). Everything is written under `work`; returns the unpacked app.
 */
export async function packWithStandInElectron(work: string, config: Configuration): Promise<string> {
  const electronDist = path.join(work, 'electron');
  await mkdir(electronDist);
  await writeFile(path.join(electronDist, 'electron'), '#!/bin/sh\nexit 1\n');
  await chmod(path.join(electronDist, 'electron'), 0o755);
  const output = path.join(work, 'dist');
  await build({
    projectDir,
    linux: [],
    dir: true,
    publish: 'never',
    config: {
      ...config,
      electronDist,
      electronFuses: null,
      npmRebuild: false,
      disableSanityCheckAsar: true,
      directories: { output },
    },
  });
  return path.join(output, 'linux-unpacked');
}
