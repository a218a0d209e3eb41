import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build as buildPortal, listen as listenPortal, type PortalServer } from '../../sandbox/portal/server';
import { startNodeService, type NodeService } from '../../sandbox/services/node-service';
import { clientId, clientSecret } from './support/relay-rig';

let portal: PortalServer | undefined;
let relay: NodeService | undefined;
let dir = '';
afterEach(async () => {
  await relay?.process.stop();
  await portal?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run relay', () => {
  it('starts from a config file and the environment, takes an installation, and stops on SIGTERM', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'relay-cli-'));
    portal = buildPortal();
    const portalUrl = await listenPortal(portal, 0);
    const configFile = path.join(dir, 'relay.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        portals: { oauthServers: [`${portalUrl}/oauth-server/rest/`], allowInsecureHttp: true },
        lines: [{ number: '74950001122' }],
      }),
    );
    const secretFile = path.join(dir, 'client-secret');
    writeFileSync(secretFile, clientSecret, { mode: 0o600 });
    relay = await startNodeService({
      name: 'relay',
      script: 'relay/cli.ts',
      readyLine: /relay ready at (http:\/\/[\d.:]+)/,
      logFile: path.join(dir, 'relay.log'),
      env: {
        RELAY_CONFIG: configFile,
        RELAY_PORT: '0',
        RELAY_DB: path.join(dir, 'relay.db'),
        B24_CLIENT_ID: clientId,
        B24_CLIENT_SECRET_FILE: secretFile,
      },
    });
    expect(await (await fetch(`${relay.url}/health`)).json()).toEqual({ status: 'ok' });

    const installed = await fetch(`${portalUrl}/_sandbox/install`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        handler_url: `${relay.url}/bitrix/install`,
        redirect_uri: `${relay.url}/oauth/callback`,
      }),
    });
    expect(((await installed.json()) as { delivery: { status: number } }).delivery.status).toBe(200);
    expect(await (await fetch(`${relay.url}/ready`)).json()).toMatchObject({ ready: true, portals: 1 });

    const exit = await relay.process.stop();
    expect(exit).toMatchObject({ code: 0 });
    relay = undefined;
  });

  it('refuses to start without the client secret, saying so', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'relay-cli-'));
    await expect(
      startNodeService({
        name: 'relay',
        script: 'relay/cli.ts',
        readyLine: /relay ready at (http:\/\/[\d.:]+)/,
        logFile: path.join(dir, 'relay.log'),
        env: {
          RELAY_PORT: '0',
          RELAY_DB: path.join(dir, 'relay.db'),
          B24_CLIENT_ID: clientId,
          B24_CLIENT_SECRET: '',
        },
        startTimeoutMs: 10_000,
      }),
    ).rejects.toThrow();
  });
});
