/**
 * The agent clicks Answer -> the 200 OK leaves the app. No budget in docs/ARCHITECTURE.md#budgets;
 * what the agent feels as "answer is instant" (docs/ARCHITECTURE.md#who-it-is-for: answer without delay).
 *
 * Calls from sipp to extension 101 on the PBX rig; the real renderer on the web host in Chromium.
 * The click time is taken in the page (a capturing listener installed before the app loads), the
 * 200 OK's departure from Chromium's DevTools network events, both in wall time. It includes the
 * microphone, the SDP answer and ICE gathering (no STUN/TURN, as in the default settings).
 *
 * Run: npx tsx sandbox/pbx/in-netns.ts -- npx tsx bench/answer-latency.bench.ts [calls]
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

const calls = Number(process.argv[2] ?? 30);
const warmUp = 3;
const pacingMs = 1_500;

const stack = await startBenchStack('answer-latency');
try {
  let frames: { sent: SipFrame[] } = { sent: [] };
  const agent = await startBenchAgent(stack, {
    beforeLoad: async (page) => {
      frames = await watchSipFrames(page);
      await page.addInitScript(`
        globalThis.answerClicks = [];
        addEventListener('click', (event) => {
          if (event.target instanceof HTMLElement && event.target.textContent === 'Answer')
            globalThis.answerClicks.push(performance.timeOrigin + performance.now());
        }, { capture: true });
      `);
    },
  });
  const { page } = agent;
  const latencies: number[] = [];
  for (let index = 0; index < warmUp + calls; index += 1) {
    const paced = new Promise((resolve) => setTimeout(resolve, pacingMs));
    const call = await placeCall({ rig: stack.rig.endpoints, to: '101', talkMs: 300 });
    await page.getByRole('region', { name: 'Incoming call' }).getByRole('button', { name: 'Answer' }).click();
    const clickedAt = await page.evaluate<number>('globalThis.answerClicks.at(-1)');
    const ok = await waitUntil(
      `the 200 OK of call ${index + 1}`,
      () =>
        frames.sent.find(
          (frame) =>
            frame.text.startsWith('SIP/2.0 200') &&
            /^CSeq:\s*\d+ INVITE/im.test(frame.text) &&
            callIdOf(frame) === call.callId,
        ),
      { timeoutMs: 5_000, intervalMs: 10 },
    );
    await call.done;
    if (index >= warmUp) latencies.push(ok.at - clickedAt);
    await paced;
  }
  await agent.stop();
  report(stack.runDir, 'Answer click -> 200 OK sent', 'ms', summarize(latencies), {
    warmUpCalls: warmUp,
    samples: latencies,
  });
} finally {
  await stack.stop();
}
