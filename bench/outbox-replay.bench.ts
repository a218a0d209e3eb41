/**
 * Outage replay: N calls (default 1,000) journaled while the portal is unreachable, then replayed
 * when it is back, against the emulator with its real rate limit (burst 50, drains 2 requests a
 * second, per portal and source address). Budget (docs/ARCHITECTURE.md#budgets, issue 4): at
 * least 50 calls per second drained, never above the portal's limit, no 503 storm.
 *
 * The portal emulator runs in its own process; the agent's host services in this one, with the
 * production delivery timings. The outage is a refused connection (`down` in refuse mode): the
 * network or the portal gone, nothing half-delivered (a reset or a timeout would make the
 * affected registers "possibly delivered", and their finishes wait out the portal's 60 s request
 * window - reported separately by `--reset`).
 *
 * Figures: time to journal each fact during the outage; from the portal's return to the first
 * delivered request (the outbox's backoff); from the first delivered request to the last call
 * synced (the replay itself) and calls per second over it; requests used, commands per request,
 * 503 answers, and the highest level the portal's leaky bucket reached, recomputed from the
 * emulator's own request log.
 *
 * Run: npx tsx bench/outbox-replay.bench.ts [calls] [--reset]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CallFact } from '../common/calls/call-fact';
import { createHostServices } from '../main/services/host-services';
import { createLogger } from '../main/services/log/logger';
import { startNodeService } from '../sandbox/services/node-service';
import { formatSummary, machine, summarize } from './support/stats';

const calls = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 1_000);
const resetOutage = process.argv.includes('--reset');
const me = 2;
const runDir = path.resolve('artifacts', 'bench', 'outbox-replay');
mkdirSync(runDir, { recursive: true });

interface LoggedRequest {
  at: string;
  method: string;
  status: number;
  batchOf: number | null;
  fault: string | null;
  params: Record<string, unknown>;
}

const portalService = await startNodeService({
  name: 'portal emulator',
  script: 'sandbox/portal/cli.ts',
  args: ['--port', '0'],
  readyLine: /ready at (http:\/\/[\d.:]+)/,
  logFile: path.join(runDir, 'portal.log'),
});
const portalUrl = portalService.url;
const sandbox = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
  const response = await fetch(`${portalUrl}${route}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};
const profileDir = mkdtempSync(path.join(os.tmpdir(), 'b24phone-replay-'));

try {
  const config = await sandbox<{ rateLimit: { burst: number; drainPerSecond: number } }>(
    'GET',
    '/_sandbox/config',
  );
  mkdirSync(profileDir, { recursive: true });
  writeFileSync(
    path.join(profileDir, 'bitrix-tokens.json'),
    JSON.stringify(await sandbox('POST', '/_sandbox/tokens', { user_id: me })),
  );
  const services = createHostServices({
    profileDir,
    log: createLogger({ level: 'warn', destination: path.join(runDir, 'agent.log') }),
  });

  // The outage: long enough to journal every call while nothing gets through.
  const outageMs = Math.max(8_000, calls * 8);
  await sandbox(
    'POST',
    '/_sandbox/faults',
    resetOutage ? { down: true } : { down: { mode: 'refuse', forMs: outageMs } },
  );
  const outageStarted = Date.now();

  const factMs: number[] = [];
  const base = Date.now() - calls * 20_000 - 60_000;
  for (let index = 0; index < calls; index += 1) {
    const callKey = `replay-${index}`;
    const at = base + index * 20_000;
    const facts: CallFact[] = [
      {
        type: 'ringing',
        callKey,
        direction: 'incoming',
        sipCallId: `${callKey}@bench`,
        remoteNumber: index % 3 ? '+79161234567' : '+79990001122',
        at,
      },
      { type: 'answered', callKey, at: at + 4_000 },
      {
        type: 'ended',
        callKey,
        reason: { kind: 'hangup', by: 'remote' },
        at: at + 4_000 + 1_000 * (5 + (index % 300)),
      },
    ];
    for (const fact of facts) {
      const t0 = performance.now();
      const outcome = await services.handlers['calls/report'](fact);
      factMs.push(performance.now() - t0);
      if (!outcome.accepted) throw new Error(`fact refused: ${outcome.reason}`);
    }
    if (index % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const journaledIn = Date.now() - outageStarted;
  if (!resetOutage && journaledIn >= outageMs)
    throw new Error(`journaling took ${journaledIn} ms, longer than the outage`);

  // The portal comes back: at the end of the refuse window, or now for a reset outage.
  let backAt: number;
  if (resetOutage) {
    await sandbox('DELETE', '/_sandbox/faults');
    backAt = Date.now();
  } else {
    for (;;) {
      try {
        await sandbox('GET', '/_sandbox/config');
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    backAt = Date.now();
  }

  const deadline = Date.now() + 10 * 60_000;
  while ((await services.handlers['status/get']()).outbox.waitingCalls > 0) {
    if (Date.now() > deadline) throw new Error('the outbox did not drain in 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const doneAt = Date.now();
  await services.close();

  const log = (await sandbox<{ requests: LoggedRequest[] }>('GET', '/_sandbox/requests')).requests;
  const requests = log.filter((request) => request.batchOf === null && request.fault !== 'down');
  const answered = requests.filter((request) => request.status !== 0);
  const firstOk = answered.find((request) => request.status === 200);
  const firstOkAt = firstOk ? Date.parse(firstOk.at) : doneAt;
  const lastAt = Math.max(...answered.map((request) => Date.parse(request.at)));
  const rateLimited = answered.filter((request) => request.status === 503);
  const batches = answered.filter((request) => request.method === 'batch');
  const commandsPerBatch = batches.map((request) => Object.keys(request.params.cmd ?? {}).length);

  // The portal's leaky bucket, replayed from its own log: the highest level any request met.
  let level = 0;
  let last = 0;
  let highest = 0;
  for (const request of log.filter((entry) => entry.batchOf === null && entry.status !== 0)) {
    const at = Date.parse(request.at);
    level = Math.max(0, level - ((at - last) / 1000) * config.rateLimit.drainPerSecond);
    last = at;
    level += 1;
    highest = Math.max(highest, level);
  }

  const portalCalls = (
    await sandbox<{
      calls: Array<{ finishedAt: string | null; registerRequests: Array<{ deduplicated: boolean }> }>;
    }>('GET', '/_sandbox/calls')
  ).calls;
  const finished = portalCalls.filter((call) => call.finishedAt !== null).length;
  const duplicates = portalCalls.filter(
    (call) => call.registerRequests.filter((request) => !request.deduplicated).length !== 1,
  ).length;

  const replaySeconds = (doneAt - firstOkAt) / 1000;
  console.log(`machine: ${machine()}`);
  console.log(`date: ${new Date().toISOString()}`);
  console.log(
    `calls: ${calls}; outage: ${resetOutage ? 'connection reset' : `refused for ${outageMs} ms`}; portal limit: burst ${config.rateLimit.burst}, ${config.rateLimit.drainPerSecond}/s`,
  );
  console.log(
    formatSummary('journal one fact during the outage (report -> journaled)', summarize(factMs), 'ms'),
  );
  console.log(`journaled ${calls} calls (${factMs.length} facts) in ${journaledIn} ms`);
  console.log(`portal back -> first delivered request: ${firstOkAt - backAt} ms (outbox backoff)`);
  console.log(
    `first delivered request -> all synced: ${doneAt - firstOkAt} ms = ${(calls / replaySeconds).toFixed(1)} calls/s`,
  );
  console.log(`portal back -> all synced: ${doneAt - backAt} ms`);
  console.log(
    `requests after the outage: ${answered.length} (${batches.length} batches of ${commandsPerBatch.join(',')} commands; last at +${lastAt - firstOkAt} ms)`,
  );
  console.log(
    `503 answers: ${rateLimited.length}; highest leaky-bucket level: ${highest.toFixed(2)} of ${config.rateLimit.burst}`,
  );
  console.log(
    `portal holds ${portalCalls.length} calls, ${finished} finished, ${duplicates} with other than one registration`,
  );
  if (portalCalls.length !== calls || finished !== calls || duplicates !== 0) {
    console.error('replay incomplete or duplicated');
    process.exitCode = 1;
  }
} finally {
  await portalService.process.stop();
  rmSync(profileDir, { recursive: true, force: true });
}
