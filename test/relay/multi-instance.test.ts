import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubPath, type HubCommand } from '../../common/relay/hub-protocol';
import { RelayHubLink } from '../../main/services/relay/relay-hub-link';
import { RelayCluster } from '../../sandbox/relay/relay-cluster';
import { build as buildPortal, listen as listenPortal, type PortalServer } from '../../sandbox/portal/server';
import { waitInTest } from '../support/wait-in-test';
import { signInAsPerson } from './support/browser-sign-in';
import { clientId, clientSecret, TestAgent } from './support/relay-rig';

/**
 * Two relay processes on one PostgreSQL behind HAProxy, with the portal emulator posting its
 * events to the balancer (sandbox/relay/relay-cluster.ts): agents spread over the instances, and
 * instances killed with SIGKILL at the steps where something could be lost.
 */
let dir = '';
let portal: PortalServer | undefined;
let portalUrl = '';
let cluster: RelayCluster | undefined;
const agents: TestAgent[] = [];
const links: RelayHubLink[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'relay-cluster-'));
  portal = buildPortal();
  portalUrl = await listenPortal(portal, 0);
  const configFile = path.join(dir, 'relay.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      portals: { oauthServers: [`${portalUrl}/oauth-server/rest/`], allowInsecureHttp: true },
      lines: [{ number: '74950001122' }],
      clickToCall: { acceptTimeoutMs: 2000 },
      hub: { heartbeatMs: 1000 },
      limits: { addressRatePerSecond: 1000 },
      logLevel: 'info',
    }),
  );
  cluster = await RelayCluster.start({
    dir,
    instances: 2,
    env: { RELAY_CONFIG: configFile, B24_CLIENT_ID: clientId, B24_CLIENT_SECRET: clientSecret },
  });
  const installed = await sandbox<{ delivery: { status: number } }>('/_sandbox/install', {
    handler_url: `${cluster.url}/bitrix/install`,
    redirect_uri: `${cluster.url}/oauth/callback`,
  });
  expect(installed.delivery.status).toBe(200);
}, 180_000); // initdb, two relays and HAProxy starting on a busy two-core machine

afterAll(async () => {
  for (const link of links) link.stop();
  for (const agent of agents) agent.close();
  await cluster?.stop();
  await portal?.close();
  if (dir && !process.env.KEEP) rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function sandbox<T>(route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${portalUrl}${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface SandboxCall {
  CALL_ID: string;
  finish: Record<string, string> | null;
  finishRequests: unknown[];
}

async function call(callId: string): Promise<SandboxCall | undefined> {
  return (await sandbox<{ calls: SandboxCall[] }>('/_sandbox/calls')).calls.find((c) => c.CALL_ID === callId);
}

let clicks = 0;

/** A click in the CRM, each to another number (the portal gives a repeated one the same CALL_ID). */
async function click(userId: number): Promise<string> {
  clicks += 1;
  const phone = `+7916123${String(4500 + clicks)}`;
  return (await sandbox<{ CALL_ID: string }>('/_sandbox/click-to-call', { user_id: userId, phone })).CALL_ID;
}

const relay = (index: number) => (cluster as RelayCluster).relays[index]?.url as string;

async function signIn(userId: number): Promise<string> {
  return (await signInAsPerson({ relayUrl: (cluster as RelayCluster).url, portalUrl, clientId }, userId))
    .session;
}

/** An app connected to one instance directly, not through the balancer. */
async function appAt(index: number, session: string): Promise<TestAgent> {
  const agent = await TestAgent.connect(relay(index).replace(/^http/, 'ws') + hubPath, session);
  agents.push(agent);
  return agent;
}

async function commandRow(callId: string): Promise<{ state: string } | undefined> {
  const client = new pg.Client({ connectionString: (cluster as RelayCluster).postgres.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ state: string }>(
      `SELECT state FROM commands WHERE command_json::json->>'callId' = $1`,
      [callId],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

const clickFor = (callId: string) => (message: { t: string; command?: HubCommand }) =>
  message.t === 'command' && message.command?.kind === 'click-to-call' && message.command.callId === callId;

describe('several relays on PostgreSQL behind HAProxy', () => {
  it('delivers every click to the apps on both instances, and the first acceptance wins across them', async ({
    signal,
  }) => {
    const session = await signIn(2);
    const [first, second] = [await appAt(0, session), await appAt(1, session)];
    // Round robin: consecutive clicks arrive at both instances.
    for (let round = 0; round < 4; round += 1) {
      const callId = await click(2);
      const [a, b] = await Promise.all([first.waitFor(clickFor(callId)), second.waitFor(clickFor(callId))]);
      const commandId = a.t === 'command' ? a.command.id : '';
      expect(b.t === 'command' && b.command.id).toBe(commandId);
      const outcomes = await Promise.all([
        first.request('command/accept', { commandId }),
        second.request('command/accept', { commandId }),
      ]);
      expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['taken', 'yours']);
      expect((await commandRow(callId))?.state).toBe('accepted');
    }
    for (const index of [0, 1])
      expect(await (await fetch(`${relay(index)}/metrics`)).text()).toMatch(
        /relay_events_in_total\{event="ONEXTERNALCALLSTART",outcome="(dispatched|queued)"\} [1-9]/,
      );
    // Nobody takes this one: one instance finishes it with 480, once.
    const unanswered = await click(2);
    await waitInTest(
      'the relays to finish the unanswered click',
      () => commandRow(unanswered),
      (row) => row?.state === 'expired',
      signal,
    );
    const finished = await call(unanswered);
    expect(finished?.finish?.STATUS_CODE).toBe('480');
    expect(finished?.finishRequests).toHaveLength(1);
  }, 60_000);

  it('recognises the same delivery at either instance and dials it once', async () => {
    const session = await signIn(3);
    const app = await appAt(0, session);
    const client = new pg.Client({ connectionString: (cluster as RelayCluster).postgres.url });
    await client.connect();
    const { rows } = await client.query<{ member_id: string; application_token: string }>(
      'SELECT member_id, application_token FROM portals',
    );
    await client.end();
    const callId = `externalCall.${Math.random().toString(16).slice(2)}.1`;
    const form = new URLSearchParams({
      event: 'ONEXTERNALCALLSTART',
      'data[CALL_ID]': callId,
      'data[USER_ID]': '3',
      'data[PHONE_NUMBER]': '+79161234567',
      ts: String(Math.floor(Date.now() / 1000)),
      'auth[member_id]': rows[0]?.member_id ?? '',
      'auth[application_token]': rows[0]?.application_token ?? '',
    }).toString();
    const post = (index: number) =>
      fetch(`${relay(index)}/bitrix/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      }).then(async (response) => ((await response.json()) as { outcome: string }).outcome);
    const outcomes = await Promise.all([post(0), post(1), post(0), post(1)]);
    expect(outcomes.filter((outcome) => outcome !== 'duplicate')).toHaveLength(1);
    await app.waitFor(clickFor(callId));
    expect(
      app.commands.filter((command) => command.kind === 'click-to-call' && command.callId === callId),
    ).toHaveLength(1);
  }, 60_000);

  it('fails an app over to the other instance when its own is killed, and it takes the click it had', async ({
    signal,
  }) => {
    const session = await signIn(4);
    const before = await Promise.all([0, 1].map((index) => agentsAt(index)));
    const link = new RelayHubLink({
      relayUrl: (cluster as RelayCluster).url,
      session,
      log: pino({ level: 'silent' }),
      initialBackoffMs: 100,
      maxBackoffMs: 500,
    });
    links.push(link);
    const received: HubCommand[] = [];
    link.onCommand((command) => received.push(command));
    link.start();
    await waitInTest(
      'the app to connect',
      () => link.state,
      (state) => state === 'connected',
      signal,
    );
    const after = await Promise.all([0, 1].map((index) => agentsAt(index)));
    const holder = after.findIndex((count, index) => count > (before[index] ?? 0));
    expect(holder).toBeGreaterThanOrEqual(0);

    // The click reaches the app; its instance dies before the app accepts.
    const callId = await click(4);
    const command = await waitInTest(
      'the click at the app',
      () => received.find((candidate) => candidate.kind === 'click-to-call' && candidate.callId === callId),
      (found) => found !== undefined,
      signal,
    );
    await (cluster as RelayCluster).kill(holder);
    await waitInTest(
      'the app to reconnect through the balancer to the other instance',
      async () => ({ agents: await agentsAt(1 - holder), state: link.state }),
      ({ agents, state }) => agents > (after[1 - holder] ?? 0) && state === 'connected',
      signal,
    );
    expect(await link.request('command/accept', { commandId: command?.id ?? '' })).toEqual({
      outcome: 'yours',
    });

    // A click while the dead instance is still in the balancer's list: it is served by the live one.
    const next = await click(4);
    const again = await waitInTest(
      'the next click at the app',
      () => received.find((candidate) => candidate.kind === 'click-to-call' && candidate.callId === next),
      (found) => found !== undefined,
      signal,
    );
    expect(await link.request('command/accept', { commandId: again?.id ?? '' })).toEqual({
      outcome: 'yours',
    });
    expect((await call(callId))?.finishRequests).toEqual([]);
    expect((await commandRow(callId))?.state).toBe('accepted');
    await (cluster as RelayCluster).restart(holder);
  }, 90_000);

  it('reports not ready while PostgreSQL restarts, then serves the commands stored before', async ({
    signal,
  }) => {
    const session = await signIn(1);
    const callId = await click(1); // nobody of user 1 connected: stored, waiting
    await waitInTest(
      'the click to be stored',
      () => commandRow(callId),
      (row) => row?.state === 'pending',
      signal,
    );
    const postgres = (cluster as RelayCluster).postgres;
    await postgres.stop();
    for (const index of [0, 1]) {
      const ready = await waitInTest(
        `relay ${index + 1} to say it is not ready`,
        () => readiness(index),
        (answer) => answer.status === 503,
        signal,
      );
      expect(ready.body).toMatchObject({ ready: false, store: false, notifications: false });
    }
    await postgres.resume();
    for (const index of [0, 1])
      expect(
        (
          await waitInTest(
            `relay ${index + 1} to recover`,
            () => readiness(index),
            (answer) => answer.status === 200,
            signal,
          )
        ).body,
      ).toMatchObject({ ready: true, store: true, notifications: true });
    const app = await appAt(1, session);
    await app.waitFor(clickFor(callId));
  }, 90_000);
});

async function agentsAt(index: number): Promise<number> {
  return ((await (await fetch(`${relay(index)}/ready`)).json()) as { agents: number }).agents;
}

async function readiness(index: number): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${relay(index)}/ready`);
  return { status: response.status, body: await response.json() };
}
