import { expect, test, type Browser, type Page } from '@playwright/test';
import type { PbxRigEndpoints } from '../../sandbox/pbx/rig';
import { captureRtpEvents } from '../../sandbox/pbx/rtp-events';
import { placeCall, startUas } from '../../sandbox/pbx/sipp';
import { serveAgentPage, type AgentPageServer } from './support/agent-page-server';
import { pbxEndpoints } from './support/pbx';

/**
 * The PBX rig carries real calls with real audio to and from headless Chromium: customer (sipp)
 * to agent, agent to the outside world, agent to agent. The agent is a bare sip.js page
 * (support/sipjs-agent.html), not the product, so a failure here is the rig's.
 */

interface InboundAudio {
  packetsReceived: number;
  audioLevel: number;
  totalAudioEnergy: number;
}
interface AgentLogEntry {
  event: string;
  at: number;
  callId?: string;
  from?: string;
}
/** window.agent of sipjs-agent.html. */
interface AgentApi {
  ready: Promise<void>;
  log: AgentLogEntry[];
  state(): string;
  call(target: string): Promise<string>;
  inboundAudio(): Promise<InboundAudio>;
  hold(): Promise<number>;
  unhold(): Promise<number>;
  sendInfoDtmf(digit: string): Promise<unknown>;
  sendRtpDtmf(digits: string): Promise<boolean>;
  transfer(target: string): Promise<number>;
  hangup(): Promise<unknown>;
  stop(): Promise<void>;
}
type AgentWindow = typeof globalThis & { agent: AgentApi };

let rig: PbxRigEndpoints;
let server: AgentPageServer;

test.beforeAll(async () => {
  // Read here, not at import: Playwright may load spec files before the global setup has run.
  rig = pbxEndpoints();
  server = await serveAgentPage();
});

test.afterAll(async () => {
  await server?.close();
});

/** A registered agent in its own browser context (its own fake microphone). */
async function openAgent(browser: Browser, extension: string, autoAnswer = false): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(
    server.agentUrl({
      ext: extension,
      ws: rig.wsUrl,
      domain: rig.sipDomain,
      password: rig.agentPassword,
      ...(autoAnswer ? { answer: 'auto' } : {}),
    }),
  );
  await page.evaluate(() => (globalThis as AgentWindow).agent.ready);
  return page;
}

/** Unregisters (pitfall 5) and closes the agent's context. */
async function closeAgent(page: Page | undefined): Promise<void> {
  if (!page) return;
  await page.evaluate(() => (globalThis as AgentWindow).agent.stop()).catch(() => undefined);
  await page.context().close();
}

const state = (page: Page): Promise<string> => page.evaluate(() => (globalThis as AgentWindow).agent.state());
const events = (page: Page): Promise<string[]> =>
  page.evaluate(() => (globalThis as AgentWindow).agent.log.map((entry) => entry.event));

/** Audio arrives: RTP packets, and a level above silence at some moment (the fake device beeps). */
async function expectAudioArrives(page: Page): Promise<void> {
  const audio = (): Promise<InboundAudio> =>
    page.evaluate(() => (globalThis as AgentWindow).agent.inboundAudio());
  await expect.poll(async () => (await audio()).packetsReceived, { timeout: 5_000 }).toBeGreaterThan(0);
  await expect
    .poll(async () => (await audio()).audioLevel, { timeout: 5_000, intervals: [50] })
    .toBeGreaterThan(0);
  expect((await audio()).totalAudioEnergy).toBeGreaterThan(0);
}

test('a customer calls an agent: the call connects, speech arrives, the agent transfers and hangs up', async ({
  browser,
}) => {
  const agent = await openAgent(browser, '101', true);
  try {
    const call = await placeCall({ rig, to: '101', from: '+74951234567', talkMs: 20_000 });
    await expect.poll(() => state(agent)).toBe('Established');
    await expectAudioArrives(agent);

    const invite = await agent.evaluate(() =>
      (globalThis as AgentWindow).agent.log.find((entry) => entry.event === 'invite'),
    );
    expect(invite?.callId).toBe(call.callId);
    expect(invite?.from).toBe('+74951234567');

    // Blind transfer: REFER to the customer (WS -> UDP), 202, then its NOTIFY (UDP -> WS).
    expect(await agent.evaluate(() => (globalThis as AgentWindow).agent.transfer('102'))).toBe(202);
    await expect.poll(() => events(agent)).toContain('notify-received');

    await agent.evaluate(() => (globalThis as AgentWindow).agent.hangup());
    const result = await call.done;
    expect(result.exitCode).toBe(0);
    expect(result.timeline.bye?.direction).toBe('received');
    const sippTimeline = result.timeline.inviteAt ?? 0;
    test.info().annotations.push({
      type: 'timing',
      description:
        `sipp INVITE sent -> sip.js onInvite: ${((invite?.at ?? 0) - sippTimeline).toFixed(0)} ms; ` +
        `INVITE -> 200 OK: ${((result.timeline.final?.at ?? 0) - sippTimeline).toFixed(0)} ms`,
    });
  } finally {
    await closeAgent(agent);
  }
});

test('an agent calls the outside world: audio both ways, hold and resume, INFO, the far end hangs up', async ({
  browser,
}) => {
  const uas = await startUas({ rig, behaviour: 'answer', ringMs: 200, hangupAfterMs: 5_000 });
  const agent = await openAgent(browser, '101');
  try {
    const callId = await agent.evaluate(
      (number) => (globalThis as AgentWindow).agent.call(number),
      uas.number,
    );
    // The UAS echoes our own (fake microphone) audio: it went out and came back through rtpengine.
    await expectAudioArrives(agent);

    expect(await agent.evaluate(() => (globalThis as AgentWindow).agent.hold())).toBe(200);
    expect(await agent.evaluate(() => (globalThis as AgentWindow).agent.unhold())).toBe(200);
    await agent.evaluate(() => (globalThis as AgentWindow).agent.sendInfoDtmf('5'));

    await expect.poll(() => events(agent), { timeout: 10_000 }).toContain('bye-received');
    const inDialog = uas
      .messages()
      .filter((message) => message.callId === callId && message.direction === 'received' && message.method)
      .map((message) => message.method);
    expect(inDialog).toEqual(['INVITE', 'ACK', 'INVITE', 'ACK', 'INVITE', 'ACK', 'INFO']);
    const reInvite = uas
      .messages()
      .find((message) => message.method === 'INVITE' && /a=sendonly/.test(message.text));
    expect(reInvite).toBeDefined();
  } finally {
    await closeAgent(agent);
    await uas.stop();
  }
});

test('an agent calls another agent: audio both ways through rtpengine, hang-up reaches the other', async ({
  browser,
}) => {
  const caller = await openAgent(browser, '101');
  const callee = await openAgent(browser, '102', true);
  try {
    await caller.evaluate(() => (globalThis as AgentWindow).agent.call('102'));
    await expectAudioArrives(callee);
    await expectAudioArrives(caller);

    await caller.evaluate(() => (globalThis as AgentWindow).agent.hangup());
    await expect.poll(() => events(callee)).toContain('bye-received');
  } finally {
    await closeAgent(caller);
    await closeAgent(callee);
  }
});

test("an agent's RFC 4733 DTMF reaches the outside world through rtpengine", async ({ browser }) => {
  const capture = await captureRtpEvents({ address: rig.uasAddress });
  const uas = await startUas({
    rig,
    behaviour: 'answer',
    port: rig.uasPortBase + 6,
    rtpSinkPort: capture.port,
  });
  const agent = await openAgent(browser, '101');
  try {
    await agent.evaluate((number) => (globalThis as AgentWindow).agent.call(number), uas.number);
    expect(await agent.evaluate(() => (globalThis as AgentWindow).agent.sendRtpDtmf('12#'))).toBe(true);
    expect(await capture.waitForDigits(3)).toBe('12#');
  } finally {
    await closeAgent(agent);
    await uas.stop();
    await capture.close();
  }
});
