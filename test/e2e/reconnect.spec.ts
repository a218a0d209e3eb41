import path from 'node:path';
import { startPbxRig, type PbxRig } from '../../sandbox/pbx/rig';
import { placeCall, startUas } from '../../sandbox/pbx/sipp';
import { startAgent, type Agent } from './support/agent';
import { expect, test } from './support/fixtures';
import {
  dial,
  expectAudio,
  finishedCall,
  finishedCallTo,
  inCallView,
  incomingView,
  packetsReceived,
  sipStatus,
} from './support/phone-ui';
import { openPeer } from './support/sip-peer';

/**
 * The registration never silently dies, and a call survives the PBX connection dropping. These
 * tests stop and start Kamailio, so they use a PBX rig of their own on another loopback address
 * (the suite's shared rig must stay up for the other specs).
 */

test.describe.configure({ mode: 'serial' });

let rig: PbxRig;

test.beforeAll(async () => {
  rig = await startPbxRig({
    address: '127.77.200.1',
    runDir: path.resolve('artifacts', 'e2e', 'pbx-reconnect'),
  });
});

test.afterAll(async () => {
  await rig?.stop();
});

const agents: Agent[] = [];

test.afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.stop()));
});

async function agentOn101(
  browser: Parameters<typeof startAgent>[0]['browser'],
  portal: Parameters<typeof startAgent>[0]['portal'],
  directory: string,
): Promise<Agent> {
  const agent = await startAgent({ browser, rig: rig.endpoints, portal, extension: '101', directory });
  agents.push(agent);
  return agent;
}

test('Kamailio restarted mid-shift: the agent says so, registers again within 10 s, and the next call rings', async ({
  browser,
  portal,
}, testInfo) => {
  const { page } = await agentOn101(browser, portal, testInfo.outputPath('agent-101'));
  await rig.waitForRegistration('101');

  await rig.stopKamailio();
  await expect(sipStatus(page)).toContainText(/Connection to the PBX lost|Cannot reach the PBX/);
  await expect(sipStatus(page)).toContainText(/retrying in \d+ s/);
  await expect(page.getByRole('button', { name: 'Retry now' })).toBeVisible();

  const restartedAt = Date.now();
  await rig.startKamailio();
  await rig.waitForRegistration('101', 10_000);
  const registeredAfterMs = Date.now() - restartedAt;
  expect(registeredAfterMs).toBeLessThan(10_000);
  testInfo.annotations.push({
    type: 'timing',
    description: `registered again ${registeredAfterMs} ms after Kamailio was back`,
  });
  await expect(sipStatus(page)).toContainText('registered as sip:101@127.77.200.1');

  const call = await placeCall({ rig: rig.endpoints, to: '101', scenario: 'cancel', ringMs: 1_000 });
  await expect(page.getByRole('region', { name: 'Incoming call' }).getByLabel('Caller number')).toHaveText(
    '+74951234567',
  );
  expect((await call.done).exitCode).toBe(0);
});

test('the PBX connection drops for 5 s during a call: the call is kept, media restored with ICE restart, and it ends normally', async ({
  browser,
  portal,
}, testInfo) => {
  const uas = await startUas({ rig: rig.endpoints, behaviour: 'answer' });
  try {
    const { page } = await agentOn101(browser, portal, testInfo.outputPath('agent-101'));
    await rig.waitForRegistration('101');
    await dial(page, '7000');
    const call = inCallView(page);
    await expectAudio(page);
    const callId = uas.messages().find((message) => message.method === 'INVITE')?.callId ?? '';

    await rig.stopKamailio();
    await expect(call.getByText('Connection to the PBX lost — reconnecting; the call is kept')).toBeVisible();
    await page.waitForTimeout(5_000);
    await rig.startKamailio();

    // Back: registered, and the call restored by a re-INVITE with new ICE credentials.
    await expect(call.getByRole('alert')).toHaveText('Connection restored', { timeout: 15_000 });
    await expect(sipStatus(page)).toContainText('registered');
    const reInvite = uas
      .messages()
      .filter(
        (message) =>
          message.callId === callId && message.method === 'INVITE' && message.direction === 'received',
      )[1];
    expect(reInvite).toBeDefined();
    const before = await packetsReceived(page);
    await expect.poll(() => packetsReceived(page), { timeout: 5_000 }).toBeGreaterThan(before + 20);
    await expect(call.getByRole('status').first()).toHaveText('In call');

    // It ends like any call: BYE reaches the far end, Bitrix24 gets a normal finish.
    await call.getByRole('button', { name: 'Hang up' }).click();
    await expect
      .poll(() => uas.messages().some((message) => message.callId === callId && message.method === 'BYE'))
      .toBe(true);
    expect((await finishedCall(portal, callId)).finish).toMatchObject({ STATUS_CODE: '200' });
  } finally {
    await uas.stop();
  }
});

test('the far end is gone when the PBX connection comes back: the call ends cleanly and says why, never a zombie', async ({
  browser,
  portal,
  peerPages,
}, testInfo) => {
  // A customer (a sip.js peer on 102 with an outside number) calls the agent.
  const customerNumber = '+74951234567';
  const customer = await openPeer(peerPages, browser, rig.endpoints, '102', { from: customerNumber });
  try {
    const { page } = await agentOn101(browser, portal, testInfo.outputPath('agent-101'));
    await rig.waitForRegistration('101');
    await customer.startCall('101');
    await incomingView(page).getByRole('button', { name: 'Answer' }).click();
    const call = inCallView(page);
    await expectAudio(page);

    // The PBX goes away, and meanwhile so does the customer (their BYE has nowhere to go).
    await rig.stopKamailio();
    await expect(call.getByText('Connection to the PBX lost — reconnecting; the call is kept')).toBeVisible();
    await customer.close();
    await page.waitForTimeout(5_000);
    await rig.startKamailio();

    // Back: the restoring re-INVITE finds no one, and the call ends - on screen and in Bitrix24.
    await expect(page.getByText(/Last call: \+74951234567 — .*could not be restored/)).toBeVisible({
      timeout: 25_000,
    });
    await expect(inCallView(page)).toHaveCount(0);
    const finished = await finishedCallTo(portal, customerNumber);
    expect(finished.finish).toMatchObject({ STATUS_CODE: '200' });
    expect(Number(finished.finish?.['DURATION'])).toBeGreaterThan(0);
  } finally {
    await customer.close();
  }
});
