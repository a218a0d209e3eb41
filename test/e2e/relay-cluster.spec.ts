import pg from 'pg';
import type { SippUas, UasOptions } from '../../sandbox/pbx/sipp';
import type { PortalClient } from '../../sandbox/portal/sandbox-client';
import type { Agent } from './support/agent';
import { expect, test } from './support/fixtures';
import {
  callsDialledTo,
  finishedClick,
  finishedOnce,
  incomingView,
  inCallView,
  onlyCallFinishedOnce,
} from './support/phone-ui';
import { clickInCrm, signInAtInstance, type E2eRelayCluster } from './support/relay';
import { ringGroupCallRingingAt } from './support/ring-group';

/**
 * Two relays on one PostgreSQL behind HAProxy, the portal emulator posting its events to the
 * balancer and the agents' apps (web host, Chromium) signed in through it, each agent's hub
 * connection on another instance. A click reaches the agent whose connection is on the instance
 * that did not take the event; a ring-group call is coordinated between members on both; a
 * callback declined at one instance is called back at the other; after kill -9 of the instance
 * holding an agent, the agent's app reconnects through the balancer on its session and the next
 * click is dialled once and finished once; a click stored at the live instance while the agent's
 * app has no connection anywhere reaches the app from the store once it reconnects; a ring-group
 * call survives kill -9 of either instance while it rings at both. One test runs three relays.
 */

// initdb, two relays and HAProxy start within the test, on a busy two-core machine.
test.describe.configure({ timeout: 240_000 });

interface ClusterFixtures {
  startRelayCluster: (config?: Record<string, unknown>, instances?: number) => Promise<E2eRelayCluster>;
  startUas: (options: Omit<UasOptions, 'rig'>) => Promise<SippUas>;
  startAgent: (extension: string) => Promise<Agent>;
}

/**
 * The cluster (a click is the app's for 4 s, hub heartbeats 2 s, `config` over that), the outside
 * world answering, and Boris (101) signed in through the balancer with his hub connection at
 * instance 0, Carla (102) at instance 1.
 */
async function agentsApart(fixtures: ClusterFixtures, config: Record<string, unknown> = {}) {
  const cluster = await fixtures.startRelayCluster({
    clickToCall: { acceptTimeoutMs: 4_000 },
    hub: { heartbeatMs: 2_000 },
    ...config,
  });
  const uas = await fixtures.startUas({ behaviour: 'answer', ringMs: 200 });
  const boris = await fixtures.startAgent('101');
  const carla = await fixtures.startAgent('102');
  await signInAtInstance(cluster, boris.page, boris.userId, 0);
  await signInAtInstance(cluster, carla.page, carla.userId, 1);
  return { cluster, uas, boris, carla };
}

/** The clicked call, in the agent's app, hung up; dialled once, finished once by the agent. */
async function expectDialledAndFinishedOnce(
  portal: PortalClient,
  uas: SippUas,
  agent: Agent,
  phone: string,
  callId: string,
): Promise<void> {
  const call = inCallView(agent.page);
  await expect(call.getByLabel('Caller number')).toHaveText(phone, { timeout: 15_000 });
  await expect.poll(() => callsDialledTo(uas, phone).size).toBe(1);
  await call.getByRole('button', { name: 'Hang up' }).click();
  const finished = await finishedClick(portal, callId);
  expect(finished.finishRequests).toHaveLength(1);
  expect(finished.finish).toMatchObject({ USER_ID: String(agent.userId), STATUS_CODE: '200' });
  expect(callsDialledTo(uas, phone).size).toBe(1);
}

test('a click reaches the agent on the other instance, a ring-group call is coordinated across both', async ({
  rig,
  portal,
  startRelayCluster,
  startUas,
  startAgent,
}) => {
  const { cluster, uas, boris, carla } = await agentsApart({ startRelayCluster, startUas, startAgent });

  // Boris's instance drained: the click's event goes to the other one, which has no agent of his.
  const taken = [await cluster.cluster.eventsTaken(0), await cluster.cluster.eventsTaken(1)];
  await cluster.cluster.drain(0, true);
  const phone = '+79161234567';
  const callId = await clickInCrm(portal.origin, boris.userId, phone);
  await expect(inCallView(boris.page).getByLabel('Caller number')).toHaveText(phone, { timeout: 15_000 });
  await cluster.cluster.drain(0, false);
  expect(await cluster.cluster.eventsTaken(0)).toBe(taken[0]);
  expect(await cluster.cluster.eventsTaken(1)).toBe((taken[1] ?? 0) + 1);
  await expectDialledAndFinishedOnce(portal, uas, boris, phone, callId);

  // A ring-group call forked by the PBX to both: the card shown to both, Carla answers.
  const call = await ringGroupCallRingingAt(rig, portal, [boris, carla]);
  const ringingAtBoris = incomingView(boris.page);
  const ringingAtCarla = incomingView(carla.page);
  await ringingAtCarla.getByRole('button', { name: 'Answer' }).click();
  await expect(ringingAtBoris).toBeHidden();
  expect((await call.done).exitCode).toBe(0);
  expect((await finishedOnce(portal, call.callId)).finish).toMatchObject({
    USER_ID: String(carla.userId),
    STATUS_CODE: '200',
  });
});

test('a callback passed by the agent on one instance is called back by the agent on the other', async ({
  portal,
  startRelayCluster,
  startUas,
  startAgent,
}) => {
  // No periodic offering round: the other instance's agent gets the callback at once or never.
  const { cluster, uas, boris, carla } = await agentsApart(
    { startRelayCluster, startUas, startAgent },
    {
      callbacks: { offerTimeoutMs: 60_000, reofferAfterMs: 600_000, roundMs: 600_000 },
    },
  );

  // A visitor asks to be called back; the event goes to Boris's instance.
  const taken = await cluster.cluster.eventsTaken(0);
  await cluster.cluster.drain(1, true);
  const phone = '+79265550012';
  const { deliveries } = await portal.requestCallback({ phone, text: 'Please call me back' });
  await cluster.cluster.drain(1, false);
  expect(deliveries.map((delivery) => delivery.status)).toEqual([200]);
  expect(await cluster.cluster.eventsTaken(0)).toBe(taken + 1);

  // Offered to one free agent at a time; the one offered first passes, the other calls back.
  const offer = (agent: Agent) => agent.page.getByRole('article', { name: 'Callback offered to you' });
  const offered = async () =>
    (await offer(boris).isVisible()) ? 'boris' : (await offer(carla).isVisible()) ? 'carla' : null;
  await expect.poll(offered, { timeout: 15_000 }).not.toBeNull();
  const [first, second] = (await offered()) === 'boris' ? [boris, carla] : [carla, boris];
  await expect(offer(second)).toBeHidden();
  await offer(first).getByRole('button', { name: 'Pass' }).click();
  await expect(offer(second)).toBeVisible({ timeout: 15_000 });
  await offer(second).getByRole('button', { name: 'Call back now' }).click();
  const call = inCallView(second.page);
  await expect(call.getByLabel('Caller number')).toHaveText(phone, { timeout: 15_000 });
  await expect.poll(() => callsDialledTo(uas, phone).size).toBe(1);
  await call.getByRole('button', { name: 'Hang up' }).click();

  // Bitrix24: one call, registered as a callback (TYPE 4) by the one who called back, finished once.
  const calledBack = await onlyCallFinishedOnce(portal);
  expect(calledBack.register).toMatchObject({
    TYPE: '4',
    USER_ID: String(second.userId),
    PHONE_NUMBER: phone,
  });
  expect(calledBack.finish).toMatchObject({ USER_ID: String(second.userId), STATUS_CODE: '200' });
  expect(callsDialledTo(uas, phone).size).toBe(1);
});

test('after kill -9 of the instance holding an agent, the app reconnects on its session and the next click is dialled once', async ({
  portal,
  startRelayCluster,
  startUas,
  startAgent,
}) => {
  const { cluster, uas, boris } = await agentsApart({ startRelayCluster, startUas, startAgent });
  const sessions = await sessionIds(cluster);
  expect(sessions).toHaveLength(2);

  await cluster.cluster.kill(0);
  // Boris's app finds the balancer's other instance by itself, with the session it has.
  await expect.poll(() => cluster.cluster.agentConnections(1), { timeout: 30_000 }).toBe(2);
  await expect(boris.page.getByRole('status', { name: 'Relay status' })).toContainText('connected (user', {
    timeout: 15_000,
  });
  expect(await sessionIds(cluster)).toEqual(sessions);

  const phone = '+79161234568';
  const callId = await clickInCrm(portal.origin, boris.userId, phone);
  await expectDialledAndFinishedOnce(portal, uas, boris, phone, callId);
});

test("a click stored while the agent's instance is dead reaches the app once it reconnects, dialled once", async ({
  portal,
  startRelayCluster,
  startUas,
  startAgent,
}) => {
  // The click waits for the app (30 s to take it), not the other way round.
  const { cluster, uas, boris } = await agentsApart(
    { startRelayCluster, startUas, startAgent },
    { clickToCall: { acceptTimeoutMs: 30_000 } },
  );
  const taken = await cluster.cluster.eventsTaken(1);

  // Boris's app is held while his instance dies and the click is stored, so that it cannot
  // reconnect before the click is in: the command can only reach it from the store.
  const phone = '+79161234569';
  const callId = await whileAppHeld(boris, async () => {
    await cluster.cluster.kill(0);
    const clicked = await clickInCrm(portal.origin, boris.userId, phone);
    expect(await cluster.cluster.agentConnections(1)).toBe(1); // Carla's only
    return clicked;
  });
  expect(await cluster.cluster.eventsTaken(1)).toBe(taken + 1);

  // His app reconnects through the balancer to the live instance and gets the stored command.
  await expect.poll(() => cluster.cluster.agentConnections(1), { timeout: 30_000 }).toBe(2);
  await expectDialledAndFinishedOnce(portal, uas, boris, phone, callId);
});

/**
 * kill -9 while a ring-group call rings at both members: of the instance holding the member who
 * does not answer, or the member whose app registered the call (the claimant's instance, where
 * the call was claimed first), who then answers or not. The call talks past
 * `ringGroups.maxRingMs` after its first claim: a relay that never heard of the answer finishes
 * the call as missed then, while it is still being talked.
 */
const ringGroupKills = [
  { killed: 'the member who does not answer', kill: 'other', answers: 'claimant' },
  { killed: 'the claimant, and the other member answers', kill: 'claimant', answers: 'other' },
  { killed: 'the claimant, who answers', kill: 'claimant', answers: 'claimant' },
] as const;

for (const { killed, kill, answers } of ringGroupKills) {
  test(`a ring-group call is answered, registered and finished once after kill -9 of the instance of ${killed}`, async ({
    rig,
    portal,
    startRelayCluster,
    startUas,
    startAgent,
  }) => {
    const { cluster, boris, carla } = await agentsApart(
      { startRelayCluster, startUas, startAgent },
      { ringGroups: { maxRingMs: 30_000 } },
    );
    const call = await ringGroupCallRingingAt(rig, portal, [boris, carla], 35_000);
    const [ringing] = await portal.callsWithExternalId(call.callId);
    const claimant = ringing?.register['USER_ID'] === String(boris.userId) ? boris : carla;
    const other = claimant === boris ? carla : boris;
    const answerer = answers === 'claimant' ? claimant : other;
    const bystander = answerer === boris ? carla : boris;

    const killed = kill === 'claimant' ? claimant : other;
    await cluster.cluster.kill(killed === boris ? 0 : 1);
    // An answerer whose instance died answers before its app is connected again (the live
    // instance drained at the balancer meanwhile): the relay hears of the answer only later.
    const live = killed === boris ? 1 : 0;
    if (killed === answerer) {
      await cluster.cluster.drain(live, true);
      await expect(answerer.page.getByRole('status', { name: 'Relay status' })).not.toContainText(
        'connected (user',
      );
    }
    await incomingView(answerer.page).getByRole('button', { name: 'Answer' }).click();
    await expect(inCallView(answerer.page)).toBeVisible();
    await expect(incomingView(bystander.page)).toBeHidden();
    await cluster.cluster.drain(live, false);
    expect((await call.done).exitCode).toBe(0);
    expect((await finishedOnce(portal, call.callId)).finish).toMatchObject({
      USER_ID: String(answerer.userId),
      STATUS_CODE: '200',
    });
  });
}

test('three relays: a click taken in at relay 1 reaches the agent at relay 3, and one stored while relay 3 is dead reaches him at another', async ({
  portal,
  startRelayCluster,
  startUas,
  startAgent,
}) => {
  const cluster = await startRelayCluster(
    { clickToCall: { acceptTimeoutMs: 30_000 }, hub: { heartbeatMs: 2_000 } },
    3,
  );
  const uas = await startUas({ behaviour: 'answer', ringMs: 200 });
  const boris = await startAgent('101');
  await signInAtInstance(cluster, boris.page, boris.userId, 2);

  // Relays 2 and 3 drained: the click's event goes to relay 1, Boris's app is at relay 3.
  const taken = await cluster.cluster.eventsTaken(0);
  await cluster.cluster.drain(1, true);
  await cluster.cluster.drain(2, true);
  const phone = '+79161234570';
  const callId = await clickInCrm(portal.origin, boris.userId, phone);
  await cluster.cluster.drain(1, false);
  await cluster.cluster.drain(2, false);
  expect(await cluster.cluster.eventsTaken(0)).toBe(taken + 1);
  await expectDialledAndFinishedOnce(portal, uas, boris, phone, callId);

  // Relay 3 killed while his app is held: the next click is stored at a live relay, which has no
  // connection of his, and reaches his app from the store wherever it reconnects.
  const next = '+79161234571';
  const nextCallId = await whileAppHeld(boris, async () => {
    await cluster.cluster.kill(2);
    const clicked = await clickInCrm(portal.origin, boris.userId, next);
    expect([await cluster.cluster.agentConnections(0), await cluster.cluster.agentConnections(1)]).toEqual([
      0, 0,
    ]);
    return clicked;
  });
  await expect
    .poll(
      async () => (await cluster.cluster.agentConnections(0)) + (await cluster.cluster.agentConnections(1)),
      {
        timeout: 30_000,
      },
    )
    .toBe(1);
  await expectDialledAndFinishedOnce(portal, uas, boris, next, nextCallId);
});

/**
 * Holds the agent's app (SIGSTOP of its web host, which holds the hub connection) while `during`
 * runs: it cannot reconnect to the relays meanwhile.
 */
async function whileAppHeld<T>(agent: Agent, during: () => Promise<T>): Promise<T> {
  const host = agent.host().pid;
  process.kill(host, 'SIGSTOP');
  try {
    return await during();
  } finally {
    process.kill(host, 'SIGCONT');
  }
}

/** The agents' sessions the relays keep (one per sign-in), from their database. */
async function sessionIds(cluster: E2eRelayCluster): Promise<string[]> {
  const client = new pg.Client({ connectionString: cluster.cluster.postgres.url });
  await client.connect();
  try {
    return (await client.query<{ id: string }>('SELECT id FROM sessions ORDER BY id')).rows.map(
      (row) => row.id,
    );
  } finally {
    await client.end();
  }
}
