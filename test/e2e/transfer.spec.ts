import type { Page } from '@playwright/test';
import type { PortalClient, SandboxCall } from '../../sandbox/portal/sandbox-client';
import { expect, test } from './support/fixtures';
import { expectAudio, inCallView, portalRequests } from './support/phone-ui';
import type { SipPeer } from './support/sip-peer';

/**
 * Transfers between agents: a customer (a bare sip.js peer on 103, which follows REFER like any
 * SIP phone) calls agent 101 (our app), who hands the call to agent 102 (our app) - blind, or
 * attended (consult first, and once cancel the consultation). Audio is checked on the final leg,
 * both ways; Bitrix24 gets each leg as its own call, and 101's card is hidden when it hands over.
 */

/** The customer calls the agent's app, which answers; resolves once both sides talk. */
async function customerCalls(customer: SipPeer, agent: Page, extension: string): Promise<void> {
  await customer.startCall(extension);
  const incoming = agent.getByRole('region', { name: 'Incoming call' });
  await expect(incoming.getByLabel('Caller number')).toHaveText('103');
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
  const customer = await openPeer('103');
  const first = await startAgent('101');
  const second = await startAgent('102');
  await customerCalls(customer, first.page, '101');

  const call = inCallView(first.page);
  await call.getByRole('button', { name: 'Transfer' }).click();
  const panel = call.getByRole('form', { name: 'Transfer the call' });
  await panel.getByLabel('Transfer to number').fill('102');
  await panel.getByRole('button', { name: 'Transfer now' }).click();
  await expect(first.page.getByText('Last call: 103 — Transferred to 102')).toBeVisible();
  expect(await customer.events()).toContain('refer-received');

  await answerIncoming(second.page, '103');
  await expectFinalLegAudio(customer, second.page);
  await inCallView(second.page).getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => customer.state()).toBe('Terminated');

  // 101's leg: answered, handed over (hidden for 101), finished as talked until the transfer.
  const [handedOver] = await expectFinished(portal, first.userId, '103', 1);
  expect(handedOver?.register).toMatchObject({ TYPE: '2' });
  expect(handedOver?.finish).toMatchObject({ STATUS_CODE: '200', USER_ID: String(first.userId) });
  const hides = await portalRequests(portal, 'telephony.externalCall.hide');
  expect(hides.some((hide) => hide.params['CALL_ID'] === handedOver?.CALL_ID)).toBe(true);
  // 102's leg: its own call, registered and finished by 102.
  const [taken] = await expectFinished(portal, second.userId, '103', 1);
  expect(taken?.CALL_ID).not.toBe(handedOver?.CALL_ID);
  expect(taken?.finish).toMatchObject({ STATUS_CODE: '200', USER_ID: String(second.userId) });
});

test('attended transfer: consult 102 (once cancelled), then connect the customer to 102', async ({
  portal,
  startAgent,
  openPeer,
}) => {
  const customer = await openPeer('103');
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
    await expect(call.getByText('Consultation for the call with 103')).toBeVisible();
    await expect(call.getByRole('status').first()).toHaveText('In call');
    // The customer waits on hold meanwhile.
    await expect.poll(() => customer.direction()).toBe('recvonly');
  };

  // Consult, then change one's mind: the customer is back with 101.
  await consult();
  await call.getByRole('button', { name: 'Cancel consultation' }).click();
  await expect(call.getByLabel('Caller number')).toHaveText('103');
  await expect(call.getByRole('status').first()).toHaveText('In call');
  await expect.poll(() => customer.direction()).toBe('sendrecv');
  await expect(second.page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();

  // Consult again, and complete: the customer's new call replaces 102's consultation.
  await consult();
  await call.getByRole('button', { name: 'Complete transfer' }).click();
  await expect(first.page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible({ timeout: 10_000 });
  await expect(inCallView(second.page).getByLabel('Caller number')).toHaveText('103');
  await expect(second.page.getByRole('region', { name: 'Calls' })).toHaveCount(0);
  await expectFinalLegAudio(customer, second.page);
  await inCallView(second.page).getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => customer.state()).toBe('Terminated');

  // Bitrix24: 101's customer leg handed over and hidden; two consultations each way; 102's final leg.
  const [handedOver] = await expectFinished(portal, first.userId, '103', 1);
  expect(handedOver?.finish).toMatchObject({ STATUS_CODE: '200' });
  const hides = await portalRequests(portal, 'telephony.externalCall.hide');
  expect(hides.some((hide) => hide.params['CALL_ID'] === handedOver?.CALL_ID)).toBe(true);
  const consultations = await expectFinished(portal, first.userId, '102', 2);
  expect(consultations.map((entry) => entry.register['TYPE'])).toEqual(['1', '1']);
  const [final] = await expectFinished(portal, second.userId, '103', 1);
  expect(final?.finish).toMatchObject({ STATUS_CODE: '200', USER_ID: String(second.userId) });
  // 102 took both consultations, the second one ended by the customer's call replacing it.
  await expectFinished(portal, second.userId, '101', 2);
});
