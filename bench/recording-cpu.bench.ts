/**
 * The renderer's CPU share during a recorded call (docs/BENCHMARKS.md): the same 30-second call
 * from sipp (speech) to the real renderer on the web host in Chromium, the agent's fake microphone
 * playing a tone, with recording `never` and `all`, alternating. Over the middle 20 s of each call
 * (the answer's set-up left out) we read each Chromium process's CPU time (DevTools
 * SystemInfo.getProcessInfo) and report the share of one core: the renderer process (page, the
 * capture worklet's audio thread and the encoder worker all live there) and the whole browser
 * (plus the audio service, GPU and network processes).
 *
 * Run: npx tsx sandbox/pbx/in-netns.ts -- npx tsx bench/recording-cpu.bench.ts [calls per mode=5]
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { defaultSettings } from '../common/settings/settings';
import { placeCall } from '../sandbox/pbx/sipp';
import { toneWav } from '../test/support/tones';
import { report, startBenchStack, startBenchAgent } from './support/phone-bench';
import { formatSummary, summarize } from './support/stats';

const callsPerMode = Number(process.argv[2] ?? 5);
const talkMs = 30_000;
const settleMs = 5_000;
const windowMs = 20_000;
const modes = ['never', 'all'] as const;

interface ProcessInfo {
  type: string;
  id: number;
  cpuTime: number;
}

/** CPU seconds used so far, per Chromium process type. */
async function cpuByType(browser: Browser): Promise<Record<string, number>> {
  const devtools = await browser.newBrowserCDPSession();
  const { processInfo }: { processInfo: ProcessInfo[] } = await devtools.send('SystemInfo.getProcessInfo');
  await devtools.detach();
  const totals: Record<string, number> = {};
  for (const info of processInfo) totals[info.type] = (totals[info.type] ?? 0) + info.cpuTime;
  return totals;
}

const stack = await startBenchStack('recording-cpu');
try {
  const wav = toneWav(path.join(stack.runDir, 'agent.wav'), 660);
  const shares: Record<(typeof modes)[number], { renderer: number[]; browser: number[] }> = {
    never: { renderer: [], browser: [] },
    all: { renderer: [], browser: [] },
  };
  for (let round = 0; round < callsPerMode; round += 1) {
    for (const mode of modes) {
      const agent = await startBenchAgent(stack, {
        folder: `agent-${mode}-${round}`,
        fakeAudioWav: wav,
        settings: { recording: { ...defaultSettings.recording, mode } },
      });
      const { page } = agent;
      const browser = page.context().browser()!;
      const call = await placeCall({ rig: stack.rig.endpoints, to: '101', talkMs });
      await page
        .getByRole('region', { name: 'Incoming call' })
        .getByRole('button', { name: 'Answer' })
        .click();
      await page.waitForTimeout(settleMs);
      const before = await cpuByType(browser);
      const startedAt = performance.now();
      await page.waitForTimeout(windowMs);
      const after = await cpuByType(browser);
      const seconds = (performance.now() - startedAt) / 1000;
      const share = (types: string[]) =>
        (100 * types.reduce((sum, type) => sum + (after[type] ?? 0) - (before[type] ?? 0), 0)) / seconds;
      shares[mode].renderer.push(share(['renderer']));
      shares[mode].browser.push(share(Object.keys(after)));
      console.log(
        `${mode} #${round + 1}: renderer ${share(['renderer']).toFixed(1)} %, browser ${share(Object.keys(after)).toFixed(1)} % of one core (${Object.entries(
          after,
        )
          .map(([type, cpu]) => `${type} ${((100 * (cpu - (before[type] ?? 0))) / seconds).toFixed(1)} %`)
          .join(', ')})`,
      );
      await call.done;
      await agent.stop();
    }
  }
  for (const mode of modes) {
    console.log(
      formatSummary(`recording ${mode}: renderer`, summarize(shares[mode].renderer), '% of a core'),
    );
    console.log(formatSummary(`recording ${mode}: browser`, summarize(shares[mode].browser), '% of a core'));
  }
  report(
    stack.runDir,
    'renderer CPU during a recorded call',
    '% of one core',
    summarize(shares.all.renderer),
    { callsPerMode, talkMs, windowMs, shares },
  );
} finally {
  await stack.stop();
}
