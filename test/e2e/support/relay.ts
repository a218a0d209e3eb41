import type { Page } from '@playwright/test';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startNodeService, type NodeService } from '../../../sandbox/services/node-service';

export interface E2eRelay {
  url: string;
  /** Stops the relay (SIGTERM) and starts it again on the same port and database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the relay (`relay/cli.ts`, its own process, SQLite in `directory`) for the emulator's main
 * application and installs that application with the relay's URLs, as a portal administrator would.
 * `config` is laid over the relay's configuration file (e.g. shorter time-outs).
 */
export async function startRelayForE2e(
  portalOrigin: string,
  directory: string,
  config: Record<string, unknown> = {},
): Promise<E2eRelay> {
  mkdirSync(directory, { recursive: true });
  const app = (await (await fetch(`${portalOrigin}/_sandbox/app`)).json()) as {
    client_id: string;
    client_secret: string;
  };
  const configFile = path.join(directory, 'relay.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      portals: { oauthServers: [`${portalOrigin}/oauth-server/rest/`], allowInsecureHttp: true },
      lines: [{ number: '74950001122', name: 'Main line' }],
      ...config,
    }),
  );
  const secretFile = path.join(directory, 'client-secret');
  writeFileSync(secretFile, app.client_secret, { mode: 0o600 });
  const start = (port: string): Promise<NodeService> =>
    startNodeService({
      name: 'relay',
      script: 'relay/cli.ts',
      readyLine: /relay ready at (http:\/\/[\d.:]+)/,
      logFile: path.join(directory, 'relay.log'),
      env: {
        RELAY_CONFIG: configFile,
        RELAY_PORT: port,
        RELAY_DB: path.join(directory, 'relay.db'),
        B24_CLIENT_ID: app.client_id,
        B24_CLIENT_SECRET_FILE: secretFile,
      },
    });
  let relay = await start('0');
  const installed = await fetch(`${portalOrigin}/_sandbox/install`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      handler_url: `${relay.url}/bitrix/install`,
      redirect_uri: `${relay.url}/oauth/callback`,
    }),
  });
  const delivery = ((await installed.json()) as { delivery: { status: number | null } | null }).delivery;
  if (delivery?.status !== 200) {
    await relay.process.stop();
    throw new Error(`installing the app with the relay failed: ${JSON.stringify(delivery)}`);
  }
  const url = relay.url;
  return {
    url,
    restart: async () => {
      await relay.process.stop();
      relay = await start(new URL(url).port);
    },
    stop: async () => void (await relay.process.stop()),
  };
}

/**
 * "Sign in with Bitrix24" as the agent does it in the app: Settings, the relay's address, the
 * confirmation page in a new tab, the portal's authorize page (picking `userId`), back to the phone.
 */
export async function signInThroughRelay(page: Page, relayUrl: string, userId: number): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Settings' });
  await form.getByLabel('Relay address').fill(relayUrl);
  const opened = page.context().waitForEvent('page');
  await form.getByRole('button', { name: 'Sign in with Bitrix24' }).click();
  const browser = await opened;
  await browser.getByRole('button', { name: 'Continue to Bitrix24' }).click();
  await browser.locator(`button[name="user_id"][value="${userId}"]`).click();
  await browser.getByRole('heading', { name: 'Signed in' }).waitFor();
  await browser.close();
  await page
    .getByRole('status', { name: 'Relay status' })
    .filter({ hasText: /connected \(user/ })
    .waitFor();
  await form.getByRole('button', { name: 'Cancel' }).click();
}
