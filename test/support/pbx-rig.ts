import { rmSync } from 'node:fs';
import path from 'node:path';
import { startPbxRig, type PbxRig, type PbxRigOptions } from '../../sandbox/pbx/rig';

/**
 * A PBX rig for one vitest file. Test files run in parallel workers inside one network namespace:
 * each worker's rig binds its own loopback address (127.77.<worker>.1) and so keeps the standard
 * ports and dialplan. Logs stay in artifacts/pbx/vitest/<label>/ (cleared at start) for debugging.
 */
export function startRigForTest(label: string, options: PbxRigOptions = {}): Promise<PbxRig> {
  const runDir = path.resolve('artifacts', 'pbx', 'vitest', label);
  rmSync(runDir, { recursive: true, force: true });
  return startPbxRig({ address: workerAddress(), runDir, ...options });
}

/** 127.77.<VITEST_POOL_ID>.1; any 127.x address is loopback, so nothing needs configuring. */
export function workerAddress(): string {
  const worker = Number(process.env['VITEST_POOL_ID'] ?? '1');
  return `127.77.${worker}.1`;
}
