/**
 * `npm run bench`: runs every bench/*.bench.ts in turn inside one private network namespace (some
 * need the PBX rig) and stops at the first failure. Figures go to stdout and artifacts/bench/;
 * docs/BENCHMARKS.md records them by hand.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isInsideNetworkNamespace } from '../sandbox/pbx/network-namespace';

if (!isInsideNetworkNamespace()) {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'sandbox/pbx/in-netns.ts',
      '--',
      process.execPath,
      '--import',
      'tsx',
      'bench/run.ts',
      ...process.argv.slice(2),
    ],
    {
      stdio: 'inherit',
    },
  );
  process.exit(result.status ?? 1);
}

const only = process.argv.slice(2);
const benches = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();
for (const bench of benches) {
  console.log(`\n== ${bench}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', bench)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`${bench} failed (exit ${String(result.status)})`);
    process.exit(1);
  }
}
