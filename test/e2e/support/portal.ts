import path from 'node:path';
import { startNodeService } from '../../../sandbox/services/node-service';

/** Where the global setup publishes the portal emulator's URL to the specs (workers inherit the env). */
export const PORTAL_URL_ENV = 'B24PHONE_E2E_PORTAL';

/** Starts the Bitrix24 portal emulator for the whole run and returns its teardown. */
export async function startPortalForE2e(): Promise<() => Promise<void>> {
  const portal = await startNodeService({
    name: 'portal emulator',
    script: 'sandbox/portal/cli.ts',
    args: ['--port', '0'],
    readyLine: /ready at (http:\/\/[\d.:]+)/,
    logFile: path.resolve('artifacts', 'e2e', 'portal.log'),
  });
  process.env[PORTAL_URL_ENV] = portal.url;
  return async () => {
    await portal.process.stop();
  };
}

/** In a spec: the running portal emulator's origin. */
export function portalUrl(): string {
  const url = process.env[PORTAL_URL_ENV];
  if (!url) throw new Error(`${PORTAL_URL_ENV} is not set: run specs through playwright.config.ts`);
  return url;
}
