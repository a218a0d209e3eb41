/**
 * Several relays on PostgreSQL (docs/relay.md#several-instances):
 * 1. an event POSTed to one instance -> the command read by an app connected to the other one
 *    (stored in PostgreSQL, passed on by NOTIFY), one event at a time, 20 ms apart;
 * 2. failover: kill -9 of the instance holding an app's connection -> the app (the real
 *    RelayHubLink, reconnecting through HAProxy with its backoff) connected to the other instance,
 *    and -> a click POSTed at that moment read by the app.
 *
 * 3. load: events POSTed to the balancer at 200 a second, open loop, for agents whose apps are
 *    held by both instances (each agent has an app on each): -> the command read by both apps
 *    (one of them on the instance that did not take the event); every command is accepted.
 *
 * Two relay processes, a private PostgreSQL (unix socket, fsync off) and HAProxy, all on loopback.
 *
 * Run: npx tsx bench/relay-cross-instance.bench.ts [events] [failovers] [loaded events]
 * With RELAY_BENCH_COUNT_COST=1, phase 3 also counts the PostgreSQL statements and the relays' CPU
 * time per event (bench/support/cluster-cost.ts; its statement log slows PostgreSQL down: not for
 * the latency figures).
 */
import os from 'node:os';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { hubPath, hubServerMessageSchema } from '../common/relay/hub-protocol';
import { RelayHubLink } from '../main/services/relay/relay-hub-link';
import { ClusterRig } from '../test/relay/support/cluster-rig';
import { countClusterCost } from './support/cluster-cost';
import { RelayUnderLoad, summedDispatchHistogram } from './support/relay-load';
import { formatSummary, machine, summarize } from './support/stats';
import { acceptFrame } from './support/accept-frame';

const events = Number(process.argv[2] ?? 500);
const failovers = Number(process.argv[3] ?? 10);
const loaded = Number(process.argv[4] ?? 2000);
const loadAgents = [1, 3, 4];
const warmUp = 50;
/** The accept requests the apps of phase 3 sent, and how many of them the relays answered. */
const acceptances = { sent: 0, answered: 0 };

const rig = await ClusterRig.start({
  instances: 2,
  relay: {
    hub: { heartbeatMs: 5000 },
    // Three agents stand in for many in phase 3: each gets ~70 clicks a second and accepts them.
    limits: { addressRatePerSecond: 1000, sessionRatePerSecond: 1000 },
  },
});
try {
  const session = await rig.signIn(2);
  const app = await rig.appAt(1, session);
  const latencies: number[] = [];
  for (let index = 0; index < warmUp + events; index += 1) {
    const callId = `externalCall.bench${index}.${Date.now()}`;
    const form = await rig.clickEvent(2, callId);
    const sent = performance.now();
    const arrived = app.waitFor(
      (message) =>
        message.t === 'command' &&
        message.command.kind === 'click-to-call' &&
        message.command.callId === callId,
    );
    await fetch(`${rig.relayUrl(0)}/bitrix/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    await arrived;
    if (index >= warmUp) latencies.push(performance.now() - sent);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  app.close();

  const reconnected: number[] = [];
  const delivered: number[] = [];
  for (let round = 0; round < failovers; round += 1) {
    const link = new RelayHubLink({ relayUrl: rig.cluster.url, session, log: pino({ level: 'silent' }) });
    const commands = new Map<string, number>();
    link.onCommand((command) => {
      if (command.kind === 'click-to-call') commands.set(command.callId, performance.now());
    });
    link.start();
    await until(() => link.state === 'connected');
    const holder = await holderOf(rig);
    let lost = false;
    let reconnectedAt: number | undefined;
    link.onState((state) => {
      if (state !== 'connected') lost = true;
      else if (lost) reconnectedAt ??= performance.now();
    });
    await rig.cluster.kill(holder);
    const killed = performance.now();
    const callId = `externalCall.failover${round}.${Date.now()}`;
    await fetch(`${rig.relayUrl(1 - holder)}/bitrix/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: await rig.clickEvent(2, callId),
    });
    await until(() => reconnectedAt !== undefined);
    reconnected.push((reconnectedAt ?? 0) - killed);
    await until(() => commands.has(callId));
    delivered.push((commands.get(callId) ?? 0) - killed);
    link.stop();
    await rig.cluster.restart(holder);
    await rig.cluster.balanced();
  }

  const underLoad = await driveLoad(rig, await Promise.all(loadAgents.map((userId) => rig.signIn(userId))));

  console.log(
    `machine: ${machine()}; load average ${os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    formatSummary(
      'event at relay 1 -> command at an app on relay 2 (one at a time)',
      summarize(latencies),
      'ms',
    ),
  );
  console.log(
    formatSummary(
      "kill -9 of the app's relay -> app connected to the other one",
      summarize(reconnected),
      'ms',
    ),
  );
  console.log(formatSummary('kill -9 -> a click POSTed then read by the app', summarize(delivered), 'ms'));
  console.log(
    formatSummary(
      `200 events/s through the balancer -> command at both apps (${loadAgents.length} agents, an app on each relay)`,
      summarize(underLoad.both),
      'ms',
    ),
  );
  console.log(formatSummary('... -> command at the first of the two apps', summarize(underLoad.first), 'ms'));
  console.log(underLoad.relaySide);
  if (underLoad.cost) console.log(underLoad.cost);
} finally {
  await rig.stop();
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The instance holding the one app connection (each relay's /ready counts its own). */
async function holderOf(rig: ClusterRig): Promise<number> {
  for (const index of [0, 1]) if ((await rig.cluster.agentConnections(index)) > 0) return index;
  throw new Error('no relay holds the app');
}

/**
 * Phase 3: each agent's app on each relay (raw hub clients that accept every click, as the app
 * does); `loaded` events after 200 warm-up ones, POSTed to the balancer at 200 a second without
 * waiting for answers. Per event: until the first app read it, and until both did.
 */
async function driveLoad(
  rig: ClusterRig,
  sessions: string[],
): Promise<{ first: number[]; both: number[]; relaySide: string; cost: string | undefined }> {
  const sentAt = new Map<string, number>();
  const firstAt = new Map<string, number>();
  const first: number[] = [];
  const both: number[] = [];
  let measuring = false;
  const sockets = await Promise.all(
    sessions.flatMap((session) => [0, 1].map((index) => acceptingApp(rig.relayUrl(index), session, onClick))),
  );
  function onClick(callId: string): void {
    const sent = sentAt.get(callId);
    if (sent === undefined) return;
    const now = performance.now();
    const earlier = firstAt.get(callId);
    if (earlier === undefined) {
      firstAt.set(callId, now);
      return;
    }
    if (measuring) {
      first.push(earlier - sent);
      both.push(now - sent);
    }
    sentAt.delete(callId);
  }
  // One form fetched from the database; each event gets its own CALL_ID and ts.
  const template = new URLSearchParams(await rig.clickEvent(loadAgents[0] ?? 1, 'template'));
  const drive = async (count: number) => {
    const started = performance.now();
    const inFlight: Promise<unknown>[] = [];
    for (let index = 0; index < count; index += 1) {
      const due = started + index * 5;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const callId = `externalCall.load${index}.${Date.now()}`;
      const form = new URLSearchParams(template);
      form.set('data[CALL_ID]', callId);
      form.set('data[USER_ID]', String(loadAgents[index % loadAgents.length]));
      form.set('ts', String(Math.floor(Date.now() / 1000)));
      sentAt.set(callId, performance.now());
      inFlight.push(
        fetch(`${rig.cluster.url}/bitrix/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
        }).then(async (response) => {
          if (response.status !== 200) throw new Error(`event refused: ${response.status}`);
          await response.arrayBuffer();
        }),
      );
    }
    await Promise.all(inFlight);
    await until(() => sentAt.size === 0);
  };
  await drive(200);
  measuring = true;
  const before = await summedDispatchHistogram([rig.relayUrl(0), rig.relayUrl(1)]);
  const counting = process.env.RELAY_BENCH_COUNT_COST ? await countClusterCost(rig) : undefined;
  await drive(loaded);
  // drive() returns once both apps of every event read it; their acceptances may still be running.
  await until(() => acceptances.answered >= acceptances.sent);
  const cost = await counting?.stop(loaded);
  const relaySide = RelayUnderLoad.describeRelaySide(
    before,
    await summedDispatchHistogram([rig.relayUrl(0), rig.relayUrl(1)]),
  );
  for (const socket of sockets) socket.close();
  return { first, both, relaySide, cost };
}

function acceptingApp(url: string, session: string, onClick: (callId: string) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws') + hubPath, {
      headers: { authorization: `Bearer ${session}` },
    });
    let nextId = 1;
    socket.on('message', (data: Buffer) => {
      const message = hubServerMessageSchema.parse(JSON.parse(data.toString('utf8')));
      if (message.t === 'welcome') resolve(socket);
      if (message.t === 'response') acceptances.answered += 1;
      if (message.t !== 'command' || message.command.kind !== 'click-to-call') return;
      onClick(message.command.callId);
      acceptances.sent += 1;
      socket.send(acceptFrame(nextId++, message.command.id));
    });
    socket.once('error', reject);
  });
}
