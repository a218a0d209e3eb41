import path from 'node:path';
import type { Page } from '@playwright/test';
import { defaultSettings, type Settings } from '../../common/settings/settings';
import { startPbxRig, type PbxRig } from '../../sandbox/pbx/rig';
import { placeCall } from '../../sandbox/pbx/sipp';
import { startAgent, type Agent } from './support/agent';
import { expect, test } from './support/fixtures';
import { sipStatus } from './support/phone-ui';

/**
 * The registration never silently dies when the path to the PBX goes dead without closing - the
 * case sip.js never notices. Kamailio's connection side is frozen (SIGSTOP: connections stay open,
 * nothing on them is answered), and the phone must find out by itself: from its OPTIONS keep-alive, from waking up
 * after a sleep, from the network coming back; then register again once the PBX answers (a
 * REGISTER lost on the dead path must not stall the next one: sip.js #1071), and take the next
 * call. And a short registration is refreshed with time to spare. These tests freeze Kamailio,
 * so they use a PBX rig of their own.
 */

test.describe.configure({ mode: 'serial' });

let rig: PbxRig;

test.beforeAll(async () => {
  rig = await startPbxRig({
    address: '127.77.201.1',
    runDir: path.resolve('artifacts', 'e2e', 'pbx-resilience'),
  });
});

test.afterAll(async () => {
  await rig?.stop();
});

const agents: Agent[] = [];

test.afterEach(async () => {
  rig.thawKamailio();
  await Promise.all(agents.splice(0).map((agent) => agent.stop()));
  // Each test starts from a PBX that knows no one (no stale contact to fork to).
  await rig.restartKamailio();
});

async function agentOn101(
  { browser, portal }: Pick<Parameters<typeof startAgent>[0], 'browser' | 'portal'>,
  directory: string,
  network: Partial<Settings['phone']['network']> = {},
): Promise<Agent> {
  const phone = { ...defaultSettings.phone, network: { ...defaultSettings.phone.network, ...network } };
  const agent = await startAgent({
    browser,
    portal,
    rig: rig.endpoints,
    extension: '101',
    directory,
    settings: { phone },
  });
  agents.push(agent);
  return agent;
}

/** The PBX answers again: the phone registers anew and the next call rings. */
async function expectBackAndRinging(page: Page): Promise<void> {
  rig.thawKamailio();
  await expect(sipStatus(page)).toContainText('registered as sip:101@127.77.201.1', { timeout: 20_000 });
  const call = await placeCall({ rig: rig.endpoints, to: '101', scenario: 'cancel', ringMs: 1_000 });
  await expect(page.getByRole('region', { name: 'Incoming call' }).getByLabel('Caller number')).toHaveText(
    '+74951234567',
  );
  expect((await call.done).exitCode).toBe(0);
}

test('OPTIONS keep-alive: a PBX that stops answering is noticed within seconds, and re-registered when back', async ({
  browser,
  portal,
}, testInfo) => {
  const { page } = await agentOn101({ browser, portal }, testInfo.outputPath('agent-101'), {
    keepAliveSeconds: 2,
  });
  await rig.waitForRegistration('101');
  await rig.freezeKamailio();
  // One unanswered OPTIONS (2 s apart, 5 s to answer): the connection is declared dead.
  await expect(sipStatus(page)).toContainText('Connection to the PBX lost', { timeout: 12_000 });
  await expect(sipStatus(page)).toContainText(/retrying in \d+ s/);
  await expectBackAndRinging(page);
});

test('woke from sleep: the phone checks its registration at once and recovers from the dead connection', async ({
  browser,
  portal,
}, testInfo) => {
  // No keep-alive (the default): only the wake-up can tell.
  const { page } = await agentOn101({ browser, portal }, testInfo.outputPath('agent-101'));
  await rig.waitForRegistration('101');
  await rig.freezeKamailio();
  // "Sleep": the page's JavaScript stands still for 20 s, as in a suspended laptop.
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('Debugger.enable');
  await devtools.send('Debugger.pause');
  await page.waitForTimeout(20_000);
  await devtools.send('Debugger.resume');
  await devtools.detach();
  // Awake: a REGISTER at once, unanswered on the dead connection, given up after 8 s.
  await expect(sipStatus(page)).toContainText('The PBX does not answer', { timeout: 15_000 });
  await expectBackAndRinging(page);
});

test('the network comes back: the phone checks its registration at once and recovers', async ({
  browser,
  portal,
}, testInfo) => {
  const { page } = await agentOn101({ browser, portal }, testInfo.outputPath('agent-101'));
  await rig.waitForRegistration('101');
  await rig.freezeKamailio();
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('Network.enable');
  const conditions = { latency: 0, downloadThroughput: -1, uploadThroughput: -1 };
  await devtools.send('Network.emulateNetworkConditions', { offline: true, ...conditions });
  await page.waitForTimeout(500);
  await devtools.send('Network.emulateNetworkConditions', { offline: false, ...conditions });
  await expect(sipStatus(page)).toContainText('The PBX does not answer', { timeout: 15_000 });
  await devtools.detach();
  await expectBackAndRinging(page);
});

test('a 30 s registration is refreshed with time to spare, never lapsing', async ({
  browser,
  portal,
}, testInfo) => {
  const { page } = await agentOn101({ browser, portal }, testInfo.outputPath('agent-101'), {
    registerExpiresSeconds: 30,
  });
  const first = await rig.waitForRegistration('101');
  expect(first.expires).toBeLessThanOrEqual(30);
  // Watch Kamailio's binding for 40 s: always there, never close to running out, refreshed.
  let least = Number.POSITIVE_INFINITY;
  let refreshes = 0;
  let previous = first.expires;
  const until = Date.now() + 40_000;
  while (Date.now() < until) {
    const binding = (await rig.registrations()).find((registration) => registration.aor === '101');
    expect(binding).toBeDefined();
    const expires = binding?.expires ?? 0;
    least = Math.min(least, expires);
    if (expires > previous + 5) refreshes += 1;
    previous = expires;
    await page.waitForTimeout(250);
  }
  testInfo.annotations.push({
    type: 'binding',
    description: `least seconds left ${least}, ${refreshes} refreshes`,
  });
  expect(refreshes).toBeGreaterThanOrEqual(2);
  // Refreshed half-way (sip.js: at 99 %, 0.3 s before it lapses).
  expect(least).toBeGreaterThanOrEqual(10);
  await expect(sipStatus(page)).toContainText('registered as');
});
