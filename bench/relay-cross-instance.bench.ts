/**
 * Several relays on PostgreSQL (docs/relay.md#several-instances):
 * 1. an event POSTed to one instance -> the command read by an app connected to the other one
 *    (stored in PostgreSQL, passed on by NOTIFY), one event at a time, 20 ms apart;
 * 2. failover: kill -9 of the instance holding an app's connection -> the app (the real
 *    RelayHubLink, reconnecting through HAProxy with its backoff) connected to the other instance,
 *    and -> a click POSTed at that moment read by the app.
 *
 * Two relay processes, a private PostgreSQL (unix socket, fsync off) and HAProxy, all on loopback.
 *
 * Run: npx tsx bench/relay-cross-instance.bench.ts [events] [failovers]
 */
import os from 'node:os';
import { pino } from 'pino';
import { RelayHubLink } from '../main/services/relay/relay-hub-link';
import { ClusterRig } from '../test/relay/support/cluster-rig';
import { formatSummary, machine, summarize } from './support/stats';

const events = Number(process.argv[2] ?? 500);
const failovers = Number(process.argv[3] ?? 10);
const warmUp = 50;

const rig = await ClusterRig.start({ instances: 2, relay: { hub: { heartbeatMs: 5000 } } });
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
  for (const index of [0, 1]) {
    const ready = (await (await fetch(`${rig.relayUrl(index)}/ready`)).json()) as { agents: number };
    if (ready.agents > 0) return index;
  }
  throw new Error('no relay holds the app');
}
