/**
 * INVITE reaches the agent's app -> the register request reaches Bitrix24 (the portal emulator).
 * Budget (ARCHITECTURE.md section 8): p99 under 20 ms.
 *
 * 50 calls from sipp to extension 101 on the PBX rig, the real renderer on the web host in
 * Chromium. The INVITE's arrival is read from Chromium's own DevTools network events (the
 * WebSocket frame's monotonic timestamp, mapped to wall time with the handshake's wallTime), the
 * register's arrival from the emulator's request record; both clocks are this machine's.
 *
 * Calls are paced at one per 1.2 s: each is a register and a finish, and the portal's leaky bucket
 * drains 2 requests a second - this measures latency with budget available, not throughput (the
 * outbox replay benchmark does that). The first `warmUp` calls (JIT, first connections) are made
 * but not counted.
 *
 * Run: npx tsx sandbox/pbx/in-netns.ts -- npx tsx bench/incoming-register.bench.ts [calls]
 */
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startPbxRig } from '../sandbox/pbx/rig';
import { placeCall } from '../sandbox/pbx/sipp';
import { startNodeService } from '../sandbox/services/node-service';
import { waitUntil } from '../sandbox/pbx/wait-until';
import { startAgent } from '../test/e2e/support/agent';
import { chromiumLaunchOptions } from '../test/e2e/support/chromium';
import { PortalClient } from '../sandbox/portal/sandbox-client';
import { formatSummary, machine, summarize } from './support/stats';

const calls = Number(process.argv[2] ?? 50);
const warmUp = 3;
const pacingMs = 1_200;
const runDir = path.resolve('artifacts', 'bench', 'incoming-register');
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
const portal = new PortalClient(portalService.url);
const inviteArrivals = new Map<string, number>();

try {
  const agent = await startAgent({
    browser,
    rig: rig.endpoints,
    portal,
    extension: '101',
    directory: path.join(runDir, 'agent'),
    beforeLoad: async (page) => {
      const devtools = await page.context().newCDPSession(page);
      let wallMinusMonotonic = 0;
      devtools.on('Network.webSocketWillSendHandshakeRequest', (event) => {
        wallMinusMonotonic = event.wallTime - event.timestamp;
      });
      devtools.on('Network.webSocketFrameReceived', (event) => {
        const text = event.response.payloadData;
        const callId = /^INVITE [^\n]*\n(?:[^\n]*\n)*?Call-ID:\s*(\S+)/im.exec(text)?.[1];
        if (callId && !inviteArrivals.has(callId))
          inviteArrivals.set(callId, (event.timestamp + wallMinusMonotonic) * 1000);
      });
      await devtools.send('Network.enable');
    },
  });

  const latencies: number[] = [];
  for (let index = 0; index < warmUp + calls; index += 1) {
    const paced = new Promise((resolve) => setTimeout(resolve, pacingMs));
    const call = await placeCall({ rig: rig.endpoints, to: '101', scenario: 'cancel', ringMs: 300 });
    await call.done;
    const registered = await waitUntil(
      `the register of call ${index + 1}`,
      async () => (await portal.callsWithExternalId(call.callId))[0]?.registerRequests[0],
      { timeoutMs: 10_000 },
    );
    const invite = inviteArrivals.get(call.callId);
    if (invite === undefined) throw new Error(`no INVITE frame seen for ${call.callId}`);
    if (index >= warmUp) latencies.push(Date.parse(registered.at) - invite);
    await paced;
  }
  await agent.stop();

  const summary = summarize(latencies);
  const report = {
    benchmark: 'INVITE at the app -> register at the portal',
    date: new Date().toISOString(),
    machine: machine(),
    unit: 'ms',
    budget: { p99: 20 },
    warmUpCalls: warmUp,
    pacingMs,
    summary,
    samples: latencies,
  };
  writeFileSync(path.join(runDir, 'result.json'), JSON.stringify(report, null, 2));
  console.log(report.machine);
  console.log(formatSummary(report.benchmark, summary, 'ms'));
} finally {
  await browser.close();
  await portalService.process.stop();
  await rig.stop();
}
