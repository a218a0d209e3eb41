import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startPbxRig, type PbxRigEndpoints } from '../../../sandbox/pbx/rig';

/** Where the global setup publishes the rig's endpoints to the specs (workers inherit the env). */
export const PBX_ENDPOINTS_ENV = 'B24PHONE_E2E_PBX';

const RUN_DIR = path.resolve('artifacts', 'e2e', 'pbx');

/**
 * Starts the PBX rig for the whole Playwright run (default addresses and ports), publishes its
 * endpoints in PBX_ENDPOINTS_ENV and in artifacts/e2e/pbx/endpoints.json, and returns its teardown.
 * Kamailio's and rtpengine's logs stay in artifacts/e2e/pbx/ with the other artefacts of the run.
 */
export async function startPbxForE2e(): Promise<() => Promise<void>> {
  rmSync(RUN_DIR, { recursive: true, force: true });
  mkdirSync(RUN_DIR, { recursive: true });
  const rig = await startPbxRig({ runDir: RUN_DIR });
  const endpoints = JSON.stringify(rig.endpoints, null, 2);
  process.env[PBX_ENDPOINTS_ENV] = endpoints;
  writeFileSync(path.join(RUN_DIR, 'endpoints.json'), endpoints);
  return () => rig.stop();
}

/** In a spec: the running rig's endpoints. */
export function pbxEndpoints(): PbxRigEndpoints {
  const published = process.env[PBX_ENDPOINTS_ENV];
  if (!published) {
    throw new Error(
      `${PBX_ENDPOINTS_ENV} is not set: run specs through playwright.config.ts (its global setup starts the rig)`,
    );
  }
  return JSON.parse(published) as PbxRigEndpoints;
}
