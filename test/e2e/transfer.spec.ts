import type { Page } from '@playwright/test';
import { startUas } from '../../sandbox/pbx/sipp';
import type { PortalClient, SandboxCall } from '../../sandbox/portal/sandbox-client';
import { expect, test } from './support/fixtures';
import {
  callLines,
  dial,
  expectAudio,
  inCallView,
  portalRequests,
  type PortalRequest,
} from './support/phone-ui';
import type { SipPeer } from './support/sip-peer';

/**
 * Transfers between agents: a customer (a bare sip.js peer on 103 calling from an outside number,
 * which follows REFER like any SIP phone) calls agent 101 (our app), who hands the call to agent
 * 102 (our app) - blind, or attended (consult first, and once cancel the consultation). Audio is
 * checked on the final leg, both ways; Bitrix24 gets each customer leg as its own call, never the
 * consultations or the calls between colleagues, and when 101 hands over, the call's card is shown
 * to 102 (found by extension) and hidden from 101.
 */

const customerNumber = '+74951234567';

/** The customer calls the agent's app, which answers; resolves once both sides talk. */
async function customerCalls(customer: SipPeer, agent: Page, extension: string): Promise<void> {
  await customer.startCall(extension);
  const incoming = agent.getByRole('region', { name: 'Incoming call' });
  await expect(incoming.getByLabel('Caller number')).toHaveText(customerNumber);
  await incoming.getByRole('button', { name: 'Answer' }).click();
  await expectAudio(agent);
  await expect.poll(() => customer.state()).toBe('Established');
}

async function answerIncoming(agent: Page, from: string): Promise<void> {
  const incoming = agent.getByRole('region', { name: 'Incoming call' });
  await expect(incoming.getByLabel('Caller number')).toHaveText(from);
  await incoming.getByRole('button', { name: 'Answer' }).click();
}

/** Audio flows both ways between the customer and the agent who ended up with the call. */
async function expectFinalLegAudio(customer: SipPeer, agent: Page): Promise<void> {
  await expectAudio(agent);
  await expect
    .poll(async () => (await customer.inboundAudio()).packetsReceived, { timeout: 10_000 })
    .toBeGreaterThan(0);
  const before = (await customer.inboundAudio()).totalAudioEnergy;
  await expect
    .poll(async () => (await customer.inboundAudio()).totalAudioEnergy, { timeout: 10_000 })
    .toBeGreaterThan(before);
}

/** Bitrix24's calls for a user with the other party's number, oldest first. */
async function callsOf(portal: PortalClient, userId: number, number: string): Promise<SandboxCall[]> {
  return (await portal.calls()).filter(
    (call) => call.register['USER_ID'] === String(userId) && call.register['PHONE_NUMBER'] === number,
  );
}

/** The users a show or hide request named (USER_ID as a number, a list or a PHP array). */
function usersOf(request: PortalRequest): number[] {
  const given = request.params['USER_ID'];
  const values = Array.isArray(given)
    ? given
    : typeof given === 'object' && given
      ? Object.values(given)
      : [given];
  return values.map(Number);
}

/**
 * Bitrix24 learned of the hand-over while the leg was still open: its card shown to the target
 * agent (found by extension) and hidden from the agent who handed over, both before the finish.
 */
async function expectHandedOver(
  portal: PortalClient,
  call: SandboxCall | undefined,
  from: number,
  to: number,
) {
  const finishedAt = Date.parse(call?.finishRequests[0]?.at ?? '');
  const onCall = async (method: string) =>
    (await portalRequests(portal, method)).filter((request) => request.params['CALL_ID'] === call?.CALL_ID);
  const shows = await onCall('telephony.externalCall.show');
  const hides = await onCall('telephony.externalCall.hide');
  const shownToTarget = shows.find((show) => usersOf(show).includes(to));
  const hiddenFromAgent = hides.find((hide) => usersOf(hide).includes(from));
  expect(shownToTarget).toBeDefined();
  expect(hiddenFromAgent).toBeDefined();
  expect(Date.parse(shownToTarget?.at ?? '')).toBeLessThan(finishedAt);
  expect(Date.parse(hiddenFromAgent?.at ?? '')).toBeLessThan(finishedAt);
  // The target user was found by their extension (UF_PHONE_INNER), with the agent's token.
  const lookups = await portalRequests(portal, 'user.get');
  expect(
    lookups.some(
      (lookup) => lookup.userId === from && JSON.stringify(lookup.params).includes('UF_PHONE_INNER'),
    ),
  ).toBe(true);
}

async function expectFinished(
  portal: PortalClient,
  userId: number,
  number: string,
  count: number,
): Promise<SandboxCall[]> {
  await expect
    .poll(async () => (await callsOf(portal, userId, number)).filter((call) => call.finish !== null).length, {
      timeout: 15_000,
    })
    .toBe(count);
  return callsOf(portal, userId, number);
}

test('blind transfer: the customer is handed to agent 102 and talks to them', async ({
  portal,
  startAgent,
  openPeer,
}) => {
  const customer = await openPeer('103', { from: customerNumber });
  const first = await startAgent('101');
  const second = await startAgent('102');
  await customerCalls(customer, first.page, '101');

  const call = inCallView(first.page);
  await call.getByRole('button', { name: 'Transfer' }).click();
  const panel = call.getByRole('form', { name: 'Transfer the call' });
  await panel.getByLabel('Transfer to number').fill('102');
  await panel.getByRole('button', { name: 'Transfer now' }).click();
  await expect(first.page.getByText(`Last call: ${customerNumber} — Transferred to 102`)).toBeVisible();
  expect(await customer.events()).toContain('refer-received');

  await answerIncoming(second.page, customerNumber);
  await expectFinalLegAudio(customer, second.page);
  await inCallView(second.page).getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => customer.state()).toBe('Terminated');

  // 101's leg: answered, handed over (hidden for 101), finished as talked until the transfer.
  const [handedOver] = await expectFinished(portal, first.userId, customerNumber, 1);
  expect(handedOver?.register).toMatchObject({ TYPE: '2' });
  expect(handedOver?.finish).toMatchObject({ STATUS_CODE: '200', USER_ID: String(first.userId) });
  await expectHandedOver(portal, handedOver, first.userId, second.userId);
  // 102's leg: its own call, registered and finished by 102.
  const [taken] = await expectFinished(portal, second.userId, customerNumber, 1);
  expect(taken?.CALL_ID).not.toBe(handedOver?.CALL_ID);
  expect(taken?.finish).toMatchObject({ STATUS_CODE: '200', USER_ID: String(second.userId) });
});

test('attended transfer: consult 102 (once cancelled), then connect the customer to 102', async ({
  portal,
  startAgent,
  openPeer,
}) => {
  const customer = await openPeer('103', { from: customerNumber });
  const first = await startAgent('101');
  const second = await startAgent('102');
  await customerCalls(customer, first.page, '101');
  const call = inCallView(first.page);

  const consult = async () => {
    await call.getByRole('button', { name: 'Transfer' }).click();
    const panel = call.getByRole('form', { name: 'Transfer the call' });
    await panel.getByLabel('Transfer to number').fill('102');
    await panel.getByRole('button', { name: 'Talk first' }).click();
    await answerIncoming(second.page, '101');
    await expect(call.getByText(`Consultation for the call with ${customerNumber}`)).toBeVisible();
    await expect(call.getByRole('status').first()).toHaveText('In call');
    // The customer waits on hold meanwhile.
    await expect.poll(() => customer.direction()).toBe('recvonly');
  };

  // Consult, then change one's mind: the customer is back with 101.
  await consult();
  await call.getByRole('button', { name: 'Cancel consultation' }).click();
  await expect(call.getByLabel('Caller number')).toHaveText(customerNumber);
  await expect(call.getByRole('status').first()).toHaveText('In call');
  await expect.poll(() => customer.direction()).toBe('sendrecv');
  await expect(second.page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();

  // Consult again, and complete: the customer's new call replaces 102's consultation.
  await consult();
  await call.getByRole('button', { name: 'Complete transfer' }).click();
  await expect(first.page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible({ timeout: 10_000 });
  await expect(inCallView(second.page).getByLabel('Caller number')).toHaveText(customerNumber);
  await expect(second.page.getByRole('region', { name: 'Calls' })).toHaveCount(0);
  await expectFinalLegAudio(customer, second.page);
  await inCallView(second.page).getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => customer.state()).toBe('Terminated');

  // Bitrix24: 101's customer leg handed over and hidden; 102's final leg; and nothing of the two
  // consultations (they are no customer calls), which were over before these were finished.
  const [handedOver] = await expectFinished(portal, first.userId, customerNumber, 1);
  expect(handedOver?.finish).toMatchObject({ STATUS_CODE: '200' });
  await expectHandedOver(portal, handedOver, first.userId, second.userId);
  const [final] = await expectFinished(portal, second.userId, customerNumber, 1);
  expect(final?.finish).toMatchObject({ STATUS_CODE: '200', USER_ID: String(second.userId) });
  expect((await portal.calls()).map((entry) => entry.register['PHONE_NUMBER'])).toEqual([
    customerNumber,
    customerNumber,
  ]);
});

test('transferred by a colleague: the agent follows the REFER to 102 and talks there, none of it a customer call', async ({
  rig,
  portal,
  startAgent,
  openPeer,
}) => {
  const colleague = await openPeer('103', { autoAnswer: true });
  const first = await startAgent('101');
  const second = await startAgent('102');
  await dial(first.page, '103');
  await expectAudio(first.page);

  // The colleague hands the agent on to 102: a REFER to the agent's app, which calls 102.
  expect(await colleague.transfer('102')).toBe(202);
  await expect(callLines(first.page).getByRole('listitem').filter({ hasText: '102' })).toBeVisible();
  await answerIncoming(second.page, '101');
  // The app tells the transferor how its new call went (NOTIFY sipfrag), and the transferor leaves.
  await expect.poll(() => colleague.notifications()).toContainEqual(expect.stringContaining('SIP/2.0 200'));
  await colleague.hangup();

  const call = inCallView(first.page);
  await expect(call.getByLabel('Caller number')).toHaveText('102');
  await expect(call.getByRole('status').first()).toHaveText('In call');
  await expectAudio(first.page);
  await expectAudio(second.page);
  await call.getByRole('button', { name: 'Hang up' }).click();
  await expect(first.page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();
  await expect(second.page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();

  // Every leg was between colleagues' extensions (101 -> 103, 101 -> 102): Bitrix24 got none of
  // them. The control: the same app still registers a call to a customer, made afterwards.
  const outside = await startUas({ rig, behaviour: 'answer' });
  try {
    await dial(first.page, customerNumber);
    await expectAudio(first.page);
    await inCallView(first.page).getByRole('button', { name: 'Hang up' }).click();
  } finally {
    await outside.stop();
  }
  const [customerCall] = await expectFinished(portal, first.userId, customerNumber, 1);
  expect(customerCall?.register).toMatchObject({ TYPE: '1' });
  expect(await portal.calls()).toHaveLength(1);
});
