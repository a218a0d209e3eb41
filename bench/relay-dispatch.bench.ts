/**
 * Relay receives ONEXTERNALCALLSTART -> the click-to-call command arrives at the agent's app.
 * Budget (docs/ARCHITECTURE.md#budgets): p99 50 ms on loopback (to the INVITE leaving the app; this
 * measures the relay's part, from the POST leaving "Bitrix24" to the command read by the app).
 *
 * The relay runs in its own process with SQLite on disk, exactly as `npm run relay` builds it; one
 * agent app is connected and accepts every command. Events are form-encoded like Bitrix24's, paced
 * at 200 a second (open loop); the first `warmUp` are not counted.
 *
 * Run: npx tsx bench/relay-dispatch.bench.ts [events]
 */
import os from 'node:os';
import { formatSummary, machine, summarize } from './support/stats';
import { RelayUnderLoad } from './support/relay-load';

const events = Number(process.argv[2] ?? 2000);
const warmUp = 200;
const relay = await RelayUnderLoad.start();
try {
  const [session] = await relay.sessions(1, 2);
  if (!session) throw new Error('no session');
  await relay.connect(session);
  await relay.drive(warmUp, 200, () => 2);
  relay.latencies.length = 0;
  const before = await relay.relayHistogram();
  await relay.drive(events, 200, () => 2);
  const relaySide = RelayUnderLoad.describeRelaySide(before, await relay.relayHistogram());
  console.log(
    `machine: ${machine()}; load average ${os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    formatSummary(
      'event POSTed -> command at the app (1 agent, 200 events/s)',
      summarize(relay.latencies),
      'ms',
    ),
  );
  console.log(relaySide);
} finally {
  await relay.stop();
}
