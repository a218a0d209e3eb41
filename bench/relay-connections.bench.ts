/**
 * How many agent apps one relay holds on this machine while dispatching 200 click-to-calls a second
 * with p99 under 50 ms (docs/ARCHITECTURE.md#budgets: 10,000), and the relay's memory per
 * connection.
 *
 * Three processes, so that none's event loop or garbage collection shows up in another's figures:
 * the relay; a holder of the many apps' WebSockets (each answers the relay's heartbeat pings and
 * accepts its commands); and this one, which posts the events and holds 20 probe apps whose
 * commands it times. At each step more apps connect, the relay's memory is read after a forced GC,
 * then `events` events go at 200/s, alternately to a random held app (not timed) and to a random
 * probe (timed): the relay's work per event is the same whichever agent it is for.
 *
 * Run: npx tsx bench/relay-connections.bench.ts [steps, e.g. 1000,2500,5000,10000] [events per step]
 */
import os from 'node:os';
import { formatSummary, machine, summarize } from './support/stats';
import { RelayUnderLoad } from './support/relay-load';

const steps = (process.argv[2] ?? '1000,2500,5000,10000').split(',').map(Number);
const eventsPerStep = Number(process.argv[3] ?? 1000);
const probes = 20;
const relay = await RelayUnderLoad.start();
try {
  const baseline = await relay.memory();
  console.log(`machine: ${machine()}`);
  console.log(
    `relay baseline: rss ${(baseline.rss / 2 ** 20).toFixed(1)} MiB, heap ${(baseline.heapUsed / 2 ** 20).toFixed(1)} MiB`,
  );
  for (const token of await relay.sessions(probes, 1)) await relay.connect(token);
  let held = 0;
  for (const target of steps) {
    const tokens = await relay.sessions(target - probes - held, probes + held + 1);
    await relay.hold(tokens, held);
    held += tokens.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const memory = await relay.memory();
    relay.latencies.length = 0;
    const before = await relay.relayHistogram();
    await relay.loopDelay();
    await relay.driveProbedAndHeld(eventsPerStep, probes, held);
    const relaySide = RelayUnderLoad.describeRelaySide(before, await relay.relayHistogram());
    const delay = await relay.loopDelay();
    const summary = summarize(relay.latencies);
    console.log(
      `${memory.connections} connections; load average ${os
        .loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')}`,
    );
    console.log(`  ${formatSummary('event POSTed -> command at a probe app, 200 events/s', summary, 'ms')}`);
    console.log(`  ${relaySide}`);
    console.log(
      `  relay event-loop delay: p50 ${delay.p50.toFixed(1)} ms, p99 ${delay.p99.toFixed(1)} ms, max ${delay.max.toFixed(1)} ms; relay CPU ${(100 * delay.cpuShare).toFixed(0)} % of a core`,
    );
    console.log(
      `  relay memory: rss ${(memory.rss / 2 ** 20).toFixed(1)} MiB, heap ${(memory.heapUsed / 2 ** 20).toFixed(1)} MiB; per connection rss ${((memory.rss - baseline.rss) / memory.connections / 1024).toFixed(1)} KiB, heap ${((memory.heapUsed - baseline.heapUsed) / memory.connections / 1024).toFixed(1)} KiB`,
    );
  }
} finally {
  await relay.stop();
}
