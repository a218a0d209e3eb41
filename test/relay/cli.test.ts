import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startProcess, type ManagedProcess } from '../../sandbox/pbx/managed-process';
import { build as buildPortal, listen as listenPortal, type PortalServer } from '../../sandbox/portal/server';
import { startNodeService, type NodeService } from '../../sandbox/services/node-service';
import { waitInTest } from '../support/wait-in-test';
import { clientId, clientSecret } from './support/relay-rig';

const root = path.resolve(import.meta.dirname, '../..');

let portal: PortalServer | undefined;
let relay: NodeService | undefined;
let started: ManagedProcess | undefined;
let dir = '';
afterEach(async () => {
  await started?.stop();
  started = undefined;
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

  it('refuses to start without a database path, writing nothing where it was started', async ({ signal }) => {
    dir = mkdtempSync(path.join(tmpdir(), 'relay-cli-'));
    const { RELAY_DB: _unset, RELAY_CONFIG: _none, ...environment } = process.env;
    const logFile = path.join(dir, 'relay.log');
    // `npm run relay` from a directory of the agent's choosing: tsx by its full path from there.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    started = startProcess({
      name: 'relay',
      command: process.execPath,
      args: ['--import', tsx, path.join(root, 'relay/cli.ts')],
      logFile,
      cwd: dir,
      env: {
        ...environment,
        RELAY_PORT: '0',
        B24_CLIENT_ID: clientId,
        B24_CLIENT_SECRET: clientSecret,
      },
    });
    const log = () => readFileSync(logFile, 'utf8');
    await waitInTest(
      'the relay to exit or to be ready',
      () => started?.exit() ?? /relay ready/.exec(log())?.[0],
      (outcome) => outcome !== undefined,
      signal,
    );
    expect(log()).toContain('RELAY_DB or databasePath');
    expect(started.exit()).toEqual({ code: 2, signal: null });
    expect(readdirSync(dir)).toEqual(['relay.log']);
  });
});
