/**
 * INVITE reaches the agent's app -> the register request reaches Bitrix24 (the portal emulator).
 * Budget (docs/ARCHITECTURE.md#budgets): p99 under 20 ms.
 *
 * 50 calls from sipp to extension 101 on the PBX rig, the real renderer on the web host in
 * Chromium. Both moments are read from a packet capture of the benchmark's private network
 * namespace (bench/support/packet-capture.ts): the INVITE's WebSocket frame from Kamailio to the
 * browser, and the first HTTP request to the emulator carrying that call's Call-ID and
 * `externalCall.register` - each as the kernel saw it on the loopback device. Neither end is timed
 * by the processes themselves: until 2026-12-06 the INVITE came from Chromium's DevTools network
 * events, whose reporting cost the browser and this process CPU on the very path being measured,
 * and the register from the emulator's own record, which added the emulator's parsing and its
 * pauses (docs/BENCHMARKS.md). Needs tcpdump (`.ci/setup` installs it).
 *
 * Calls are paced at one per 1.2 s: each is a register and a finish, and the portal's leaky bucket
 * drains 2 requests a second - this measures latency with budget available, not throughput (the
 * outbox replay benchmark does that). The first `warmUp` calls (JIT, first connections) are made
 * but not counted.
 *
 * Run: npx tsx sandbox/pbx/in-netns.ts -- npx tsx bench/incoming-register.bench.ts [calls]
 */
import path from 'node:path';
import { placeCall } from '../sandbox/pbx/sipp';
import { waitUntil } from '../sandbox/pbx/wait-until';
import { startPacketCapture, type CapturedSegment } from './support/packet-capture';
import { report, startBenchAgent, startBenchStack } from './support/phone-bench';
import { summarize } from './support/stats';

const calls = Number(process.argv[2] ?? 50);
const warmUp = 3;
const pacingMs = 1_200;

const stack = await startBenchStack('incoming-register');
const { rig, portal } = stack;
const capture = await startPacketCapture({
  ports: [portOf(rig.endpoints.wsUrl), portOf(portal.origin)],
  file: path.join(stack.runDir, 'loopback.pcap'),
  logFile: path.join(stack.runDir, 'tcpdump.log'),
});

try {
  const agent = await startBenchAgent(stack);

  const callIds: string[] = [];
  for (let index = 0; index < warmUp + calls; index += 1) {
    const paced = new Promise((resolve) => setTimeout(resolve, pacingMs));
    const call = await placeCall({ rig: rig.endpoints, to: '101', scenario: 'cancel', ringMs: 300 });
    await call.done;
    await waitUntil(
      `the register of call ${index + 1}`,
      async () => (await portal.callsWithExternalId(call.callId))[0]?.registerRequests[0],
      { timeoutMs: 10_000 },
    );
    if (index >= warmUp) callIds.push(call.callId);
    await paced;
  }
  await agent.stop();

  const segments = await capture.stop();
  const invites = inviteArrivals(segments, portOf(rig.endpoints.wsUrl));
  const registers = registerDepartures(segments, portOf(portal.origin));
  const latencies = callIds.map((callId) => {
    const invite = invites.get(callId);
    const register = registers.find((request) => request.mentions(callId));
    if (invite === undefined || !register) throw new Error(`call ${callId} not found in the capture`);
    return register.at - invite;
  });
  report(stack.runDir, 'INVITE at the app -> register at the portal', 'ms', summarize(latencies), {
    budget: { p99: 20 },
    warmUpCalls: warmUp,
    pacingMs,
    timedFrom: 'packet capture on loopback (kernel timestamps)',
    samples: latencies,
  });
} finally {
  await capture.stop().catch(() => undefined);
  await stack.stop();
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** When each call's INVITE crossed loopback from Kamailio towards the browser, by Call-ID. */
function inviteArrivals(segments: readonly CapturedSegment[], kamailioPort: number): Map<string, number> {
  const arrivals = new Map<string, number>();
  for (const segment of segments) {
    if (segment.sourcePort !== kamailioPort) continue;
    const text = segment.payload.toString('latin1');
    const callId = /INVITE sip:[^\n]*\n(?:[^\n]*\n)*?Call-ID:\s*(\S+)/i.exec(text)?.[1];
    if (callId && !arrivals.has(callId)) arrivals.set(callId, segment.at);
  }
  return arrivals;
}

/** Register requests to the portal, each with the moment its first segment crossed loopback. */
function registerDepartures(segments: readonly CapturedSegment[], portalPort: number) {
  const requests: { at: number; text: string }[] = [];
  const open = new Map<number, { at: number; text: string }>();
  for (const segment of segments) {
    if (segment.destinationPort !== portalPort) continue;
    const text = segment.payload.toString('latin1');
    const current = open.get(segment.sourcePort);
    if (/^(POST|GET) /.test(text) || !current) {
      const request = { at: segment.at, text };
      requests.push(request);
      open.set(segment.sourcePort, request);
    } else current.text += text;
  }
  return requests
    .filter((request) => request.text.includes('externalCall.register'))
    .map((request) => ({
      at: request.at,
      mentions: (callId: string) =>
        request.text.includes(callId) || request.text.includes(encodeURIComponent(callId)),
    }));
}
