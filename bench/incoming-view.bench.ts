/**
 * INVITE reaches the agent's app -> the incoming-call view is on screen.
 * Budget (docs/ARCHITECTURE.md#budgets): p99 under 100 ms.
 *
 * Calls from sipp to extension 101 on the PBX rig, the real renderer on the web host in Chromium.
 * The INVITE's arrival is Chromium's own DevTools network timestamp of the WebSocket frame; "on
 * screen" is the first animation frame after the view's element entered the DOM (a
 * MutationObserver installed before the app loads, then requestAnimationFrame), both in wall time.
 * Calls give up after 300 ms of ringing and are paced at one per 1.2 s (the portal's rate limit
 * takes the register and finish of each). The first `warmUp` calls are not counted.
 *
 * Run: npx tsx sandbox/pbx/in-netns.ts -- npx tsx bench/incoming-view.bench.ts [calls]
 */
import { placeCall } from '../sandbox/pbx/sipp';
import { waitUntil } from '../sandbox/pbx/wait-until';
import {
  callIdOf,
  report,
  startBenchStack,
  watchSipFrames,
  type SipFrame,
  startBenchAgent,
} from './support/phone-bench';
import { summarize } from './support/stats';

const calls = Number(process.argv[2] ?? 100);
const warmUp = 5;
const pacingMs = 1_200;

const stack = await startBenchStack('incoming-view');
try {
  let frames: { received: SipFrame[] } = { received: [] };
  const agent = await startBenchAgent(stack, {
    beforeLoad: async (page) => {
      frames = await watchSipFrames(page);
      // A string: this file is type-checked for Node, the script runs in the page.
      await page.addInitScript(`
        const shown = [];
        globalThis.incomingShown = shown;
        let present = false;
        new MutationObserver(() => {
          const now = document.querySelector('[aria-label="Incoming call"]') !== null;
          if (now && !present) requestAnimationFrame(() => shown.push(performance.timeOrigin + performance.now()));
          present = now;
        }).observe(document, { childList: true, subtree: true });
      `);
    },
  });

  const latencies: number[] = [];
  for (let index = 0; index < warmUp + calls; index += 1) {
    const paced = new Promise((resolve) => setTimeout(resolve, pacingMs));
    const shownBefore = await agent.page.evaluate(
      () => (globalThis as { incomingShown?: number[] }).incomingShown?.length ?? 0,
    );
    const call = await placeCall({ rig: stack.rig.endpoints, to: '101', scenario: 'cancel', ringMs: 300 });
    const shownAt = await waitUntil(
      `the incoming view of call ${index + 1}`,
      () =>
        agent.page.evaluate(
          (before) => (globalThis as { incomingShown?: number[] }).incomingShown?.[before],
          shownBefore,
        ),
      { timeoutMs: 5_000, intervalMs: 20 },
    );
    await call.done;
    const invite = frames.received.find(
      (frame) => frame.text.startsWith('INVITE ') && callIdOf(frame) === call.callId,
    );
    if (!invite) throw new Error(`no INVITE frame seen for ${call.callId}`);
    if (index >= warmUp) latencies.push(shownAt - invite.at);
    await paced;
  }
  await agent.stop();
  report(stack.runDir, 'INVITE at the app -> incoming view on screen', 'ms', summarize(latencies), {
    budget: { p99: 100 },
    warmUpCalls: warmUp,
    samples: latencies,
  });
} finally {
  await stack.stop();
}
