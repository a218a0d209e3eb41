/**
 * The app starts -> the phone is registered. From the page's navigation start (performance
 * timeOrigin) to the first paint of "registered" in the status bar: loading the app, reading the
 * settings from the host, the WebSocket to the PBX, REGISTER and its digest challenge.
 *
 * Each sample reloads the page of one agent (the web host keeps running, as the desktop shell's
 * main process does when its window reloads); the first `warmUp` loads are not counted.
 *
 * Run: npx tsx sandbox/pbx/in-netns.ts -- npx tsx bench/registration-time.bench.ts [loads]
 */
import { waitUntil } from '../sandbox/pbx/wait-until';
import { report, startBenchStack, startBenchAgent } from './support/phone-bench';
import { summarize } from './support/stats';

const loads = Number(process.argv[2] ?? 30);
const warmUp = 3;

const stack = await startBenchStack('registration-time');
try {
  const agent = await startBenchAgent(stack, {
    beforeLoad: async (page) => {
      await page.addInitScript(`
        new MutationObserver((_, observer) => {
          const status = document.querySelector('[aria-label="SIP status"]');
          if (status && status.textContent.includes('registered as')) {
            observer.disconnect();
            requestAnimationFrame(() => { globalThis.registeredAfter = performance.now(); });
          }
        }).observe(document, { childList: true, subtree: true, characterData: true });
      `);
    },
  });
  const durations: number[] = [];
  for (let index = 0; index < warmUp + loads; index += 1) {
    await agent.page.reload();
    const after = await waitUntil(
      `registration after load ${index + 1}`,
      async () => agent.page.evaluate<number | undefined>('globalThis.registeredAfter'),
      { timeoutMs: 10_000, intervalMs: 10 },
    );
    if (index >= warmUp) durations.push(after);
  }
  await agent.stop();
  report(stack.runDir, 'App start -> registered', 'ms', summarize(durations), {
    warmUpLoads: warmUp,
    samples: durations,
  });
} finally {
  await stack.stop();
}
