import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startPbxRig, type PbxRig } from '../../sandbox/pbx/rig';
import { startNodeService } from '../../sandbox/services/node-service';
import { startAgent, type Agent, type AgentOptions } from '../../test/e2e/support/agent';
import { chromiumLaunchOptions } from '../../test/e2e/support/chromium';
import { PortalClient } from '../../sandbox/portal/sandbox-client';
import { formatSummary, machine, type Summary } from './stats';

/** What the phone's benchmarks share: the PBX rig, the portal emulator and Chromium. */
export interface BenchStack {
  rig: PbxRig;
  portal: PortalClient;
  browser: Browser;
  runDir: string;
  stop(): Promise<void>;
}

export async function startBenchStack(name: string): Promise<BenchStack> {
  const runDir = path.resolve('artifacts', 'bench', name);
  mkdirSync(runDir, { recursive: true });
  const rig = await startPbxRig({ runDir: path.join(runDir, 'pbx') });
  const portalService = await startNodeService({
    name: 'portal emulator',
    script: 'sandbox/portal/cli.ts',
    args: ['--port', '0'],
    readyLine: /ready at (http:\/\/[\d.:]+)/,
    logFile: path.join(runDir, 'portal.log'),
  });
  const browser = await chromium.launch(chromiumLaunchOptions());
  return {
    rig,
    portal: new PortalClient(portalService.url),
    browser,
    runDir,
    stop: async () => {
      await browser.close();
      await portalService.process.stop();
      await rig.stop();
    },
  };
}

/** Agent 101 on the bench stack, its profile and logs in `folder` (default `agent`) of the run's folder. */
export function startBenchAgent(
  stack: BenchStack,
  options: Omit<AgentOptions, 'browser' | 'rig' | 'portal' | 'extension' | 'directory'> & {
    folder?: string;
  } = {},
): Promise<Agent> {
  const { folder = 'agent', ...rest } = options;
  return startAgent({
    browser: stack.browser,
    rig: stack.rig.endpoints,
    portal: stack.portal,
    extension: '101',
    directory: path.join(stack.runDir, folder),
    ...rest,
  });
}

/** A SIP frame over the page's WebSocket, stamped by Chromium's network stack (epoch ms). */
export interface SipFrame {
  at: number;
  text: string;
}

/**
 * Records every WebSocket frame the page sends and receives, with the time Chromium's network
 * stack saw it (DevTools' monotonic timestamps mapped to wall time with the handshake's wallTime):
 * "the INVITE reached the app" and "the 200 OK left the app" as close to the wire as a page gets.
 * Attach before the page loads (startAgent's beforeLoad).
 */
export async function watchSipFrames(page: Page): Promise<{ received: SipFrame[]; sent: SipFrame[] }> {
  const frames = { received: [] as SipFrame[], sent: [] as SipFrame[] };
  const devtools = await page.context().newCDPSession(page);
  let wallMinusMonotonic = 0;
  devtools.on('Network.webSocketWillSendHandshakeRequest', (event) => {
    wallMinusMonotonic = event.wallTime - event.timestamp;
  });
  devtools.on('Network.webSocketFrameReceived', (event) => {
    frames.received.push({
      at: (event.timestamp + wallMinusMonotonic) * 1000,
      text: event.response.payloadData,
    });
  });
  devtools.on('Network.webSocketFrameSent', (event) => {
    frames.sent.push({ at: (event.timestamp + wallMinusMonotonic) * 1000, text: event.response.payloadData });
  });
  await devtools.send('Network.enable');
  return frames;
}

export function callIdOf(frame: SipFrame): string | undefined {
  return /^Call-ID:\s*(\S+)/im.exec(frame.text)?.[1];
}

/** Writes result.json and prints the figures as docs/BENCHMARKS.md records them. */
export function report(
  runDir: string,
  benchmark: string,
  unit: string,
  summary: Summary,
  extra: Record<string, unknown>,
): void {
  const result = { benchmark, date: new Date().toISOString(), machine: machine(), unit, summary, ...extra };
  writeFileSync(path.join(runDir, 'result.json'), JSON.stringify(result, null, 2));
  console.log(result.machine);
  console.log(formatSummary(benchmark, summary, unit));
}
