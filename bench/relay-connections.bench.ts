/**
 * How many agent apps one relay holds on this machine while dispatching 200 click-to-calls a second
 * with p99 under 50 ms (ARCHITECTURE.md section 8: budget 10,000), and the relay's memory per
 * connection.
 *
 * The relay runs in its own process; this process holds the apps' WebSockets (each answers the
 * relay's heartbeat pings and accepts its commands). At each step more apps connect, the relay's
 * memory is read after a forced GC, then `events` events go to random connected agents at 200/s.
 *
 * Run: npx tsx bench/relay-connections.bench.ts [steps, e.g. 1000,2500,5000,10000] [events per step]
 */
import os from 'node:os';
import { formatSummary, machine, summarize } from './support/stats';
import { RelayUnderLoad } from './support/relay-load';

const steps = (process.argv[2] ?? '1000,2500,5000,10000').split(',').map(Number);
const eventsPerStep = Number(process.argv[3] ?? 1000);
const relay = await RelayUnderLoad.start();
try {
  const baseline = await relay.memory();
  console.log(`machine: ${machine()}`);
  console.log(
    `relay baseline: rss ${(baseline.rss / 2 ** 20).toFixed(1)} MiB, heap ${(baseline.heapUsed / 2 ** 20).toFixed(1)} MiB`,
  );
  let connected = 0;
  for (const target of steps) {
    const tokens = await relay.sessions(target - connected, connected + 1);
    for (let start = 0; start < tokens.length; start += 200) {
      await Promise.all(tokens.slice(start, start + 200).map((token) => relay.connect(token)));
    }
    connected = target;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const memory = await relay.memory();
    relay.latencies.length = 0;
    await relay.drive(eventsPerStep, 200, () => 1 + Math.floor(Math.random() * connected));
    const summary = summarize(relay.latencies);
    console.log(
      `${connected} connections (relay counts ${memory.connections}); load average ${os
        .loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')}`,
    );
    console.log(`  ${formatSummary('event POSTed -> command at the app, 200 events/s', summary, 'ms')}`);
    console.log(
      `  relay memory: rss ${(memory.rss / 2 ** 20).toFixed(1)} MiB, heap ${(memory.heapUsed / 2 ** 20).toFixed(1)} MiB; per connection rss ${((memory.rss - baseline.rss) / connected / 1024).toFixed(1)} KiB, heap ${((memory.heapUsed - baseline.heapUsed) / connected / 1024).toFixed(1)} KiB`,
    );
    if (summary.p99 > 50) {
      console.log(`  p99 over the 50 ms budget at ${connected} connections: stopping here`);
      break;
    }
  }
} finally {
  await relay.stop();
}
