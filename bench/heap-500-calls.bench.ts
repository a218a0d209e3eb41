/**
 * The renderer's JavaScript heap over a shift: 500 calls in one session, answered (auto-answer),
 * talked briefly and hung up by the customer. Budget (docs/ARCHITECTURE.md#budgets): no growth beyond
 * 20 % after warm-up.
 *
 * The heap is read through DevTools after a forced garbage collection (HeapProfiler.collectGarbage,
 * then Runtime.getHeapUsage): at the end of the warm-up (call 50), every 50 calls after it, and at
 * the end. Calls are not paced: the host's outbox falls behind the portal's rate limit, which is
 * the host's memory, not the renderer's.
 *
 * Run: npx tsx sandbox/pbx/in-netns.ts -- npx tsx bench/heap-500-calls.bench.ts [calls]
 */
import type { CDPSession } from 'playwright-core';
import { defaultPhoneSettings } from '../common/settings/phone-settings';
import { placeCall } from '../sandbox/pbx/sipp';
import { report, startBenchStack, startBenchAgent } from './support/phone-bench';
import { summarize } from './support/stats';

const calls = Number(process.argv[2] ?? 500);
const warmUp = 50;
const every = 50;

async function heapMiB(devtools: CDPSession): Promise<number> {
  await devtools.send('HeapProfiler.collectGarbage');
  const { usedSize } = await devtools.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

const stack = await startBenchStack('heap-500-calls');
try {
  const agent = await startBenchAgent(stack, {
    settings: {
      phone: { ...defaultPhoneSettings, autoAnswer: { always: true, byHeader: true, delaySeconds: 0 } },
    },
  });
  const devtools = await agent.page.context().newCDPSession(agent.page);
  const readings: Array<{ calls: number; heapMiB: number }> = [];
  let failed = 0;
  for (let index = 1; index <= calls; index += 1) {
    const call = await placeCall({ rig: stack.rig.endpoints, to: '101', talkMs: 200 });
    if ((await call.done).exitCode !== 0) failed += 1;
    if (index >= warmUp && (index - warmUp) % every === 0) {
      readings.push({ calls: index, heapMiB: await heapMiB(devtools) });
      console.log(`after ${index} calls: ${readings.at(-1)?.heapMiB.toFixed(2)} MiB`);
    }
  }
  if (readings.at(-1)?.calls !== calls) readings.push({ calls, heapMiB: await heapMiB(devtools) });
  await agent.stop();
  const baseline = readings[0]?.heapMiB ?? Number.NaN;
  const final = readings.at(-1)?.heapMiB ?? Number.NaN;
  const growthPercent = (100 * (final - baseline)) / baseline;
  console.log(
    `heap after warm-up ${baseline.toFixed(2)} MiB, after ${calls} calls ${final.toFixed(2)} MiB: ${growthPercent.toFixed(1)} % (budget 20 %); ${failed} calls failed`,
  );
  report(
    stack.runDir,
    'Renderer heap after warm-up, every 50 calls',
    'MiB',
    summarize(readings.map((reading) => reading.heapMiB)),
    {
      budget: { growthPercent: 20 },
      calls,
      failedCalls: failed,
      warmUpCalls: warmUp,
      growthPercent,
      readings,
    },
  );
} finally {
  await stack.stop();
}
