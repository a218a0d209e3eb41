/**
 * The relay receives ONEXTERNALCALLSTART -> the INVITE leaves the agent's app.
 * Budget (docs/ARCHITECTURE.md#budgets): p99 50 ms on loopback.
 *
 * The whole path on the PBX rig: the portal emulator registers a click and POSTs the event to the
 * relay (its own process, SQLite), the relay pushes the command over the hub to the agent's web
 * host (signed in through the relay), the host takes it and tells the page to dial, the page's
 * sip.js sends the INVITE over its WebSocket to Kamailio. The event's departure is the emulator's
 * delivery record (taken just before its POST), the INVITE's from Chromium's DevTools network
 * events mapped to wall time; both clocks are this machine's. sipp's UAS answers and hangs up after
 * 300 ms; the app finishes the call. Paced at one click per 1.5 s (the app's finish counts against
 * the portal's rate limit); the first `warmUp` are not counted.
 *
 * With `--cluster`: two relays on a private PostgreSQL behind HAProxy (sandbox/relay/relay-cluster.ts),
 * the portal posting to the balancer; the agent signs in at the second instance, which is then
 * drained at the balancer (its hub connection stays), so every event arrives at the first and
 * reaches the app through PostgreSQL's NOTIFY and the second.
 *
 * Run: npx tsx sandbox/pbx/in-netns.ts -- npx tsx bench/relay-click-to-invite.bench.ts [calls] [--cluster]
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startUas } from '../sandbox/pbx/sipp';
import { waitUntil } from '../sandbox/pbx/wait-until';
import { defaultSettings } from '../common/settings/settings';
import {
  signInAtInstance,
  signInThroughRelay,
  startRelayClusterForE2e,
  startRelayForE2e,
} from '../test/e2e/support/relay';
import {
  report,
  startBenchStack,
  watchSipFrames,
  type SipFrame,
  startBenchAgent,
} from './support/phone-bench';
import { formatSummary, summarize } from './support/stats';

const { values, positionals } = parseArgs({
  options: { cluster: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const calls = Number(positionals[0] ?? 30);
const warmUp = 3;
const pacingMs = 1_500;

interface Delivery {
  at: string;
  event: string;
  status: number | null;
  fields: { data?: { CALL_ID?: string } };
}

const stack = await startBenchStack(
  values.cluster ? 'relay-click-to-invite-cluster' : 'relay-click-to-invite',
);
// A fresh relay database and agent profile: the emulator of this run is a new portal.
for (const folder of ['relay', 'agent'])
  rmSync(path.join(stack.runDir, folder), { recursive: true, force: true });
const relayDir = path.join(stack.runDir, 'relay');
const cluster = values.cluster
  ? await startRelayClusterForE2e(stack.portal.origin, relayDir, { instances: 2 })
  : undefined;
const relay = cluster ?? (await startRelayForE2e(stack.portal.origin, relayDir));
const uas = await startUas({ rig: stack.rig.endpoints, behaviour: 'answer', hangupAfterMs: 300 });
try {
  let frames: { sent: SipFrame[]; received: SipFrame[] } = { sent: [], received: [] };
  const agent = await startBenchAgent(stack, {
    // Recording would add an upload per call to the portal's rate limit, not to this path.
    settings: { recording: { ...defaultSettings.recording, mode: 'never' } },
    beforeLoad: async (page) => {
      frames = await watchSipFrames(page);
    },
  });
  if (cluster) {
    await signInAtInstance(cluster, agent.page, agent.userId, 1);
    await cluster.cluster.drain(1, true);
  } else await signInThroughRelay(agent.page, relay.url, agent.userId);
  const latencies: number[] = [];
  // The same path split where the page hears the host's dial (its host WebSocket's frame).
  const toPage: number[] = [];
  for (let index = 0; index < warmUp + calls; index += 1) {
    const paced = new Promise((resolve) => setTimeout(resolve, pacingMs));
    // A number of its own per click: the same one again would be Bitrix24's same CALL_ID.
    const phone = `+7916${String(1_000_000 + index)}`;
    // The trigger answers after the relay answered the event: the INVITE may be out before that.
    const seen = frames.sent.length;
    const clicked = (await (
      await fetch(`${stack.portal.origin}/_sandbox/click-to-call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user_id: agent.userId, phone }),
      })
    ).json()) as { CALL_ID: string; deliveries: Delivery[] };
    const delivery = clicked.deliveries.find((entry) => entry.event === 'ONEXTERNALCALLSTART');
    if (delivery?.status !== 200) throw new Error(`event not delivered: ${JSON.stringify(delivery)}`);
    const invite = await waitUntil(
      `the INVITE of click ${index + 1}`,
      () => frames.sent.slice(seen).find((frame) => frame.text.startsWith(`INVITE sip:${phone}@`)),
      { timeoutMs: 5_000, intervalMs: 5 },
    );
    const command = frames.received.find(
      (frame) => frame.text.includes('phone/command') && frame.text.includes(phone),
    );
    if (index >= warmUp) {
      latencies.push(invite.at - Date.parse(delivery.at));
      if (command) toPage.push(command.at - Date.parse(delivery.at));
    }
    await agent.page.getByRole('heading', { name: 'Ready for calls' }).waitFor({ timeout: 10_000 });
    await paced;
  }
  await agent.stop();
  if (cluster && (await cluster.cluster.eventsTaken(1, 'ONEXTERNALCALLSTART')) !== 0)
    throw new Error("an event reached the agent's own instance: the figures are not cross-instance");
  report(
    stack.runDir,
    `Relay receives ONEXTERNALCALLSTART -> INVITE leaves the app${cluster ? ' (agent on the other instance)' : ''}`,
    'ms',
    summarize(latencies),
    { warmUpCalls: warmUp, samples: latencies, eventToDialAtThePage: summarize(toPage) },
  );
  console.log(formatSummary('  of which event POSTed -> dial command at the page', summarize(toPage), 'ms'));
} finally {
  await uas.stop();
  await relay.stop();
  await stack.stop();
}
