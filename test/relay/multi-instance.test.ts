import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubCommand } from '../../common/relay/hub-protocol';
import { RelayHubLink } from '../../main/services/relay/relay-hub-link';
import { waitInTest } from '../support/wait-in-test';
import { clickCommandsFor, clickFor, ClusterRig } from './support/cluster-rig';
import { adminToken } from './support/relay-rig';

/**
 * Two relay processes on one PostgreSQL behind HAProxy, with the portal emulator posting its
 * events to the balancer (sandbox/relay/relay-cluster.ts): agents spread over the instances, and
 * instances killed with SIGKILL at the steps where something could be lost.
 */
let rig: ClusterRig | undefined;
const links: RelayHubLink[] = [];

beforeAll(async () => {
  rig = await ClusterRig.start({
    instances: 2,
    relay: {
      clickToCall: { acceptTimeoutMs: 2000 },
      hub: { heartbeatMs: 1000 },
      // No periodic round within a test: a callback reaches the other instance's agents at once or not at all.
      callbacks: { roundMs: 600_000 },
    },
  });
}, 180_000); // initdb, two relays and HAProxy starting on a busy two-core machine

afterAll(async () => {
  for (const link of links) link.stop();
  await rig?.stop();
}, 60_000);

const sandbox = <T>(route: string, body?: unknown) => (rig as ClusterRig).sandbox<T>(route, body);
const cluster = () => (rig as ClusterRig).cluster;
const relay = (index: number) => (rig as ClusterRig).relayUrl(index);
const signIn = (userId: number) => (rig as ClusterRig).signIn(userId);
const appAt = (index: number, session: string) => (rig as ClusterRig).appAt(index, session);

const call = (callId: string) => (rig as ClusterRig).call(callId);
const click = (userId: number) => (rig as ClusterRig).click(userId);
const commandRow = (callId: string) => (rig as ClusterRig).commandRow(callId);

/** Click events the emulator has sent and not yet had an answer for. */
async function heldClickPosts(): Promise<number> {
  const { events } = await sandbox<{ events: { event: string; status: number | null }[] }>(
    '/_sandbox/events',
  );
  return events.filter((event) => event.event === 'ONEXTERNALCALLSTART' && event.status === null).length;
}

/** Clicks of user 4 until relay `index` takes one from the balancer again; their CALL_IDs. */
async function clicksUntilRelayTakesOne(index: number, signal: AbortSignal): Promise<string[]> {
  const start = await cluster().eventsTaken(index);
  const clicked: string[] = [];
  await waitInTest(
    `relay ${index + 1} to take events from the balancer again`,
    async () => {
      clicked.push(await click(4));
      return cluster().eventsTaken(index);
    },
    (taken) => taken > start,
    signal,
  );
  return clicked;
}

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
    const callId = `externalCall.${Math.random().toString(16).slice(2)}.1`;
    const form = await (rig as ClusterRig).clickEvent(3, callId);
    const post = (index: number) => (rig as ClusterRig).postEvent(index, form);
    const outcomes = await Promise.all([post(0), post(1), post(0), post(1)]);
    expect(outcomes.filter((outcome) => outcome !== 'duplicate')).toHaveLength(1);
    await app.waitFor(clickFor(callId));
    expect(clickCommandsFor(app, callId)).toHaveLength(1);
  }, 60_000);

  it('coordinates a ring-group call between members on different instances', async () => {
    const boris = await appAt(0, await signIn(2));
    const carla = await appAt(1, await signIn(3));
    const externalCallId = `pbx-${Date.now()}.1`;
    const [first, second] = await Promise.all([
      boris.request('ring/claim', { externalCallId }),
      carla.request('ring/claim', { externalCallId }),
    ]);
    expect([first.role, second.role].sort()).toEqual(['claimant', 'member']);
    const [claimant, member] = first.role === 'claimant' ? [boris, carla] : [carla, boris];
    await claimant.request('ring/registered', { externalCallId, callId: 'externalCall.ring.1' });
    await member.waitForNotice('ring-call-id', (notice) => notice.callId === 'externalCall.ring.1');
    expect(await member.request('ring/answered', { externalCallId })).toMatchObject({ first: true });
    const answered = await claimant.waitForNotice('ring-answered-elsewhere');
    expect(answered.answeredBy).toBe(member === boris ? 2 : 3);
    expect(await claimant.request('ring/answered', { externalCallId })).toMatchObject({ first: false });
  });

  it('offers a callback to free agents on either instance, one at a time', async () => {
    const free = { sipRegistered: true, busy: false, dnd: false };
    const boris = await appAt(0, await signIn(2));
    const carla = await appAt(1, await signIn(3));
    await Promise.all([boris, carla].map((app) => app.request('presence/update', free)));
    await sandbox('/_sandbox/callback-form', { phone: '+79161230000', text: 'Call me back' });
    // Each instance offers to its own free agents; the one that took the callback, and then the one
    // whose agent declined it, wakes the other at once.
    const offered = (app: typeof boris) =>
      app.waitFor((message) => message.t === 'command' && message.command.kind === 'callback-offer');
    const first = await Promise.race([
      offered(boris).then((m) => ({ app: boris, m })),
      offered(carla).then((m) => ({ app: carla, m })),
    ]);
    const other = first.app === boris ? carla : boris;
    const firstOffer = first.m.t === 'command' ? first.m.command : undefined;
    expect(await first.app.request('command/decline', { commandId: firstOffer?.id ?? '' })).toEqual({
      ok: true,
    });
    const second = await offered(other);
    const secondOffer = second.t === 'command' ? second.command : undefined;
    expect(
      secondOffer?.kind === 'callback-offer' &&
        firstOffer?.kind === 'callback-offer' &&
        secondOffer.callbackId,
    ).toBe(firstOffer?.kind === 'callback-offer' ? firstOffer.callbackId : '');
    expect(await other.request('command/accept', { commandId: secondOffer?.id ?? '' })).toEqual({
      outcome: 'yours',
    });
    await first.app.waitForNotice('callbacks', (notice) =>
      notice.callbacks.some((entry) => entry.state === 'accepted'),
    );
    // Free agents no more, for the tests after this one.
    for (const app of [boris, carla]) app.close();
  }, 60_000);

  it('offers a callback taken in by an instance without free agents to a free agent on the other at once', async () => {
    // Not an agent of the test before: one who accepted a callback is held busy for a while.
    const staff = await appAt(1, await signIn(6));
    await staff.request('presence/update', { sipRegistered: true, busy: false, dnd: false });
    const form = await (rig as ClusterRig).eventForm(
      'ONEXTERNALCALLBACKSTART',
      Math.floor(Date.now() / 1000),
      {
        PHONE_NUMBER: '+79161230002',
        TEXT: 'Call me back',
      },
    );
    expect(await (rig as ClusterRig).postEvent(0, form)).toBe('queued');
    const [queued] = await (rig as ClusterRig).query<{ id: string }>(
      `SELECT id FROM callbacks WHERE entry_json::json->>'phoneNumber' = '+79161230002'`,
    );
    const offered = await staff.waitFor(
      (message) =>
        message.t === 'command' &&
        message.command.kind === 'callback-offer' &&
        message.command.callbackId === queued?.id,
    );
    const commandId = offered.t === 'command' ? offered.command.id : '';
    expect(await staff.request('command/accept', { commandId })).toEqual({ outcome: 'yours' });
    expect(await staff.request('callback/done', { callbackId: queued?.id ?? '' })).toEqual({ ok: true });
    staff.close();
  });

  it('closes the sockets of a session revoked at one instance on the other too', async () => {
    const session = await signIn(3);
    const app = await appAt(1, session);
    const [row] = await (rig as ClusterRig).query<{ id: string }>(
      'SELECT id FROM sessions ORDER BY created_at DESC LIMIT 1',
    );
    const revoked = await fetch(`${relay(0)}/admin/sessions/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ sessionId: row?.id }),
    });
    expect(revoked.status).toBe(200);
    expect((await app.waitForClose()).code).toBe(4001);
    expect(app.notices).toContainEqual({ kind: 'session-ended', reason: 'revoked by an administrator' });
  });

  it('fails an app over to the other instance when its own is killed, and it takes the click it had', async ({
    signal,
  }) => {
    const session = await signIn(4);
    const before = await Promise.all([0, 1].map((index) => cluster().agentConnections(index)));
    const link = new RelayHubLink({
      relayUrl: cluster().url,
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
    const after = await Promise.all([0, 1].map((index) => cluster().agentConnections(index)));
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
    await cluster().kill(holder);
    await waitInTest(
      'the app to reconnect through the balancer to the other instance',
      async () => ({ agents: await cluster().agentConnections(1 - holder), state: link.state }),
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
    await cluster().restart(holder);
    // For the next test, which kills the other one: the balancer must count this one up again.
    await cluster().balanced();
  }, 90_000);

  it('loses no click whose POST was held by an instance killed before it answered', async ({ signal }) => {
    const app = await appAt(1, await signIn(4));
    const held = cluster().relays[0]?.service?.process as { pid: number };
    const callIds: string[] = [];
    // Relay 1 stops answering (SIGSTOP): a POST the balancer gives it is held there, unanswered.
    // Two clicks at once: round robin hands one of them to the held instance - unless the
    // balancer's health check saw it stopped first (a busy machine): then both reach relay 2, and
    // the attempt is made again once relay 1 takes events again.
    try {
      for (;;) {
        const before = app.commands.length;
        process.kill(held.pid, 'SIGSTOP');
        const clicking = Promise.all([click(4), click(4)]);
        const { heldPosts } = await waitInTest(
          'a click held by the stopped instance, or both at the app',
          async () => ({ atApp: app.commands.length - before, heldPosts: await heldClickPosts() }),
          ({ atApp, heldPosts }) => heldPosts > 0 || atApp >= 2,
          signal,
        );
        if (heldPosts > 0) {
          await cluster().kill(0);
          callIds.push(...(await clicking));
          break;
        }
        process.kill(held.pid, 'SIGCONT');
        callIds.push(...(await clicking), ...(await clicksUntilRelayTakesOne(0, signal)));
      }
      for (const callId of callIds) await app.waitFor(clickFor(callId));
      for (const callId of callIds) expect(clickCommandsFor(app, callId)).toHaveLength(1);
    } finally {
      if (!cluster().relays[0]?.service?.process.exit()) process.kill(held.pid, 'SIGCONT');
    }
    await cluster().restart(0);
    await cluster().balanced();
  }, 180_000);

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
    const postgres = cluster().postgres;
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

async function readiness(index: number): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${relay(index)}/ready`);
  return { status: response.status, body: await response.json() };
}
