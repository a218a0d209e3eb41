/**
 * How many agents two relays on PostgreSQL hold between them while dispatching 200 click-to-calls a
 * second with p99 under 50 ms (issue budget: 20,000 on this 2-core machine), and each relay's memory
 * and CPU. The cluster of docs/relay.md#several-instances: two relay processes, a private
 * PostgreSQL and HAProxy, all on loopback (ClusterRig).
 *
 * Half the agents' apps are held on each relay (connected to it directly, as the balancer would
 * spread them), by a holder process per relay; 20 probe apps, 10 on each, are timed here. At each
 * step more apps connect, then `events` click-to-calls go to the balancer at 200/s, alternately to a
 * random held app (not timed) and to a random probe (timed): round robin sends half the events to
 * the relay that does not hold the agent, so half the commands go through PostgreSQL's NOTIFY.
 * Sessions are written straight into the shared store: 20,000 sign-ins through the portal would
 * measure the sign-in, not the dispatch.
 *
 * Run: npx tsx bench/relay-cluster-connections.bench.ts [total apps per step, e.g. 5000,10000,20000] [events per step]
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { AgentSessions } from '../relay/sessions/agent-sessions';
import { openPostgresStores } from '../relay/stores/postgres/database';
import { ClusterRig } from '../test/relay/support/cluster-rig';
import { DispatchLoad } from './support/dispatch-load';
import { cpuMs, rssMiB } from './support/process-usage';
import { RelayUnderLoad, summedDispatchHistogram } from './support/relay-load';
import { formatSummary, machine, summarize } from './support/stats';

const steps = (process.argv[2] ?? '5000,10000,20000').split(',').map(Number);
const eventsPerStep = Number(process.argv[3] ?? 2000);
const probes = 20;

const rig = await ClusterRig.start({
  instances: 2,
  relay: {
    // The apps all connect from 127.0.0.1; every app accepts every command it gets.
    limits: { addressRatePerSecond: 1000, sessionRatePerSecond: 1000 },
    clickToCall: { acceptTimeoutMs: 30_000 },
  },
});
const [portal] = await rig.query<{ member_id: string; application_token: string; domain: string }>(
  'SELECT member_id, application_token, domain FROM portals',
);
if (!portal) throw new Error('the application is not installed');
const load = new DispatchLoad(rig.cluster.url, {
  memberId: portal.member_id,
  applicationToken: portal.application_token,
});
const relayAt = (userId: number) => rig.relayUrl(userId % 2);
try {
  console.log(`machine: ${machine()}`);
  const probeTokens = await sessions(probes, 1);
  await Promise.all(probeTokens.map((token, index) => load.connect(token, relayAt(1 + index))));
  let held = 0;
  for (const target of steps) {
    const tokens = await sessions(target - probes - held, probes + held + 1);
    for (const index of [0, 1]) {
      const firstUser = probes + held + 1;
      await load.hold(
        tokens.filter((_token, offset) => (firstUser + offset) % 2 === index),
        held,
        rig.relayUrl(index),
      );
    }
    held += tokens.length;
    const connections = await Promise.all([0, 1].map((index) => rig.cluster.agentConnections(index)));
    load.latencies.length = 0;
    const before = await summedDispatchHistogram([rig.relayUrl(0), rig.relayUrl(1)]);
    const cpuBefore = relayPids().map(cpuMs);
    const started = performance.now();
    await load.driveProbedAndHeld(eventsPerStep, probes, held);
    const elapsed = performance.now() - started;
    const cpu = relayPids()
      .map(cpuMs)
      .map((ms, index) => (100 * (ms - (cpuBefore[index] ?? 0))) / elapsed);
    const relaySide = RelayUnderLoad.describeRelaySide(
      before,
      await summedDispatchHistogram([rig.relayUrl(0), rig.relayUrl(1)]),
    );
    console.log(
      `${connections.join(' + ')} connections; load average ${os
        .loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `  ${formatSummary('event POSTed to the balancer -> command at a probe app, 200 events/s', summarize(load.latencies), 'ms')}`,
    );
    console.log(`  ${relaySide}`);
    console.log(
      `  relays: CPU ${cpu.map((share) => `${share.toFixed(0)} %`).join(' + ')} of a core; RSS ${relayPids()
        .map(rssMiB)
        .map((mib) => `${mib.toFixed(1)} MiB`)
        .join(' + ')}`,
    );
  }
} finally {
  load.disconnect();
  await rig.stop();
}

/** `count` agents' sessions for users `firstUserId`..., as a sign-in would store them. */
async function sessions(count: number, firstUserId: number): Promise<string[]> {
  const log = pino({ level: 'silent' });
  const stores = await openPostgresStores(rig.cluster.postgres.url, { log });
  try {
    const agentSessions = new AgentSessions(stores.sessions, 24 * 3600_000, log);
    const tokens: string[] = [];
    for (let start = 0; start < count; start += 100) {
      const batch = Array.from(
        { length: Math.min(100, count - start) },
        (_, offset) => firstUserId + start + offset,
      );
      const created = await Promise.all(
        batch.map((userId) =>
          agentSessions.create({
            memberId: portal?.member_id ?? '',
            userId,
            accessToken: `access-${userId}`,
            refreshToken: `refresh-${userId}`,
            accessExpiresAt: Date.now() + 3600_000,
            clientEndpoint: `${rig.portalUrl}/rest/`,
            serverEndpoint: `${rig.portalUrl}/oauth-server/rest/`,
            domain: portal?.domain ?? '',
            scope: 'telephony',
            status: 'L',
          }),
        ),
      );
      tokens.push(...created.map(({ token }) => token));
    }
    return tokens;
  } finally {
    await stores.close();
  }
}

function relayPids(): number[] {
  return rig.cluster.relays.map((relay) => relay.service?.process.pid ?? 0);
}
