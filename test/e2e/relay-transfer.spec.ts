import type { Page } from '@playwright/test';
import type { SandboxCall } from '../../sandbox/portal/sandbox-client';
import type { Agent } from './support/agent';
import { expect, test } from './support/fixtures';
import { expectAudio, inCallView } from './support/phone-ui';
import { agentSignedInThrough, type E2eRelay } from './support/relay';
import type { SipPeer } from './support/sip-peer';

/**
 * A transferred call stays one Bitrix24 call (docs/ARCHITECTURE.md#transfer), on the rig: the
 * customer (a bare sip.js peer on 103, calling from an outside number) calls agent 101, who
 * blind-transfers it to agent 102; both apps signed in through the relay. 101's app hands the
 * CALL_ID over, 102's app adopts it when the customer's transferred INVITE rings there. The
 * portal's records are the evidence. The transfer 102 answers is a German portal's, its customer
 * presented by the PBX in national form.
 */

/** The customer's number as the PBX presents it (`from`, as the app shows it) and as Bitrix24 gets it. */
interface Customer {
  from: string;
  number: string;
}

const russianCustomer: Customer = { from: '+74951234567', number: '+74951234567' };
const germanCustomer: Customer = { from: '03012345678', number: '+493012345678' };

// Two agents start and sign in through the relay before the call: on a busy two-core machine
// that alone can take most of the default minute.
test.describe.configure({ timeout: 180_000 });

function ringing(page: Page) {
  return page.getByRole('region', { name: 'Incoming call' });
}

async function customerTalksTo101(
  startRelay: () => Promise<E2eRelay>,
  startAgent: (extension: string) => Promise<Agent>,
  openPeer: (extension: string, options: { from: string }) => Promise<SipPeer>,
  from: string,
): Promise<{ first: Agent; second: Agent; firstAnswered: number }> {
  const relay = await startRelay();
  const customer = await openPeer('103', { from });
  const first = await agentSignedInThrough(relay, startAgent, '101');
  const second = await agentSignedInThrough(relay, startAgent, '102');

  await customer.startCall('101');
  await ringing(first.page).getByRole('button', { name: 'Answer' }).click();
  await expectAudio(first.page);
  // From here on the customer has been talking: the call's DURATION counts at least from now.
  return { first, second, firstAnswered: Date.now() };
}

/** `shown`: the customer's number as 101's app shows it, as the PBX presented it. */
async function blindTransferTo102(first: Agent, second: Agent, shown: string): Promise<void> {
  const call = inCallView(first.page);
  await call.getByRole('button', { name: 'Transfer' }).click();
  const panel = call.getByRole('form', { name: 'Transfer the call' });
  await panel.getByLabel('Transfer to number').fill('102');
  await panel.getByRole('button', { name: 'Transfer now' }).click();
  await expect(first.page.getByText(`Last call: ${shown} — Transferred to 102`)).toBeVisible();
  await expect(ringing(second.page)).toBeVisible();
}

async function customerCalls(
  portal: { calls(): Promise<SandboxCall[]> },
  customerNumber: string,
): Promise<SandboxCall[]> {
  return (await portal.calls()).filter((call) => call.register['PHONE_NUMBER'] === customerNumber);
}

async function finishedCall(
  portal: { calls(): Promise<SandboxCall[]> },
  customerNumber: string,
): Promise<SandboxCall> {
  await expect
    .poll(async () => (await customerCalls(portal, customerNumber)).some((call) => call.finish !== null))
    .toBe(true);
  const calls = await customerCalls(portal, customerNumber);
  expect(calls).toHaveLength(1);
  return calls[0] as SandboxCall;
}

test('blind transfer 101 -> 102 on a DE portal: one registered call, shown for 102 and hidden for 101, finished once by 102 with the whole talk time', async ({
  portal,
  portalCountry,
  startRelay,
  startAgent,
  openPeer,
}) => {
  await portalCountry('DE');
  const customer = germanCustomer;
  const { first, second, firstAnswered } = await customerTalksTo101(
    startRelay,
    startAgent,
    openPeer,
    customer.from,
  );
  await blindTransferTo102(first, second, customer.from);
  await ringing(second.page).getByRole('button', { name: 'Answer' }).click();
  await expectAudio(second.page);
  // While 102 talks, the one call's card is 102's alone.
  await expect
    .poll(async () => (await customerCalls(portal, customer.number)).map((call) => call.cardsShownTo.join()))
    .toEqual([String(second.userId)]);
  // 102's own leg lasts two seconds by its talk timer before the hang-up: a DURATION of 102's leg
  // alone, or of the talk until the transfer alone, then falls at least a second short of the whole.
  await expect(inCallView(second.page).getByLabel('Talk time')).not.toHaveText(/^0:0[01]$/, {
    timeout: 10_000,
  });
  const hungUp = Date.now();
  await inCallView(second.page).getByRole('button', { name: 'Hang up' }).click();

  const call = await finishedCall(portal, customer.number);
  expect(call.registerRequests).toHaveLength(1);
  expect(call.register).toMatchObject({ PHONE_NUMBER: customer.number, USER_ID: String(first.userId) });
  expect(call.finishRequests).toHaveLength(1);
  expect(call.finish).toMatchObject({ USER_ID: String(second.userId), STATUS_CODE: '200' });
  // The whole talk time: at least from 101's answer to 102's hang-up (both legs), not 102's leg alone.
  expect(Number(call.finish?.['DURATION'])).toBeGreaterThanOrEqual(
    Math.floor((hungUp - firstAnswered) / 1000),
  );
  expect(call.cardsShownTo).toEqual([]);
  // One recording per CALL_ID: the finisher's leg (docs/recording.md#transfers); 101's stays in its app.
  await expect.poll(async () => (await customerCalls(portal, customer.number))[0]?.records.length).toBe(1);
  expect((await customerCalls(portal, customer.number))[0]?.attachRecordRequests).toHaveLength(1);
});

test('blind transfer 101 -> 102 that 102 declines: still one call, finished exactly once, for 101, with the talk time until the transfer', async ({
  portal,
  startRelay,
  startAgent,
  openPeer,
}) => {
  const { first, second } = await customerTalksTo101(startRelay, startAgent, openPeer, russianCustomer.from);
  await blindTransferTo102(first, second, russianCustomer.from);
  await ringing(second.page).getByRole('button', { name: 'Decline' }).click();
  await expect(ringing(second.page)).toBeHidden();

  const call = await finishedCall(portal, russianCustomer.number);
  expect(call.registerRequests).toHaveLength(1);
  expect(call.finishRequests).toHaveLength(1);
  expect(call.finish).toMatchObject({ USER_ID: String(first.userId), STATUS_CODE: '200' });
  expect(call.cardsShownTo).toEqual([]);
});

test('attended transfer 101 -> 102: the consultation is no call, the customer’s call is one, finished once by 102 with the whole talk time', async ({
  portal,
  startRelay,
  startAgent,
  openPeer,
}) => {
  const customerNumber = russianCustomer.number;
  const { first, second, firstAnswered } = await customerTalksTo101(
    startRelay,
    startAgent,
    openPeer,
    russianCustomer.from,
  );
  const call = inCallView(first.page);
  await call.getByRole('button', { name: 'Transfer' }).click();
  const panel = call.getByRole('form', { name: 'Transfer the call' });
  await panel.getByLabel('Transfer to number').fill('102');
  await panel.getByRole('button', { name: 'Talk first' }).click();
  await ringing(second.page).getByRole('button', { name: 'Answer' }).click();
  await expect(call.getByText(`Consultation for the call with ${customerNumber}`)).toBeVisible();
  await call.getByRole('button', { name: 'Complete transfer' }).click();
  // The customer's INVITE with Replaces takes over 102's consultation without ringing.
  await expect(inCallView(second.page).getByLabel('Caller number')).toHaveText(customerNumber);
  await expect
    .poll(async () => (await customerCalls(portal, customerNumber)).map((entry) => entry.cardsShownTo.join()))
    .toEqual([String(second.userId)]);
  await expectAudio(second.page);
  const hungUp = Date.now();
  await inCallView(second.page).getByRole('button', { name: 'Hang up' }).click();

  const finished = await finishedCall(portal, customerNumber);
  expect(finished.registerRequests).toHaveLength(1);
  expect(Number(finished.registerRequests[0]?.params['USER_ID'])).toBe(first.userId);
  expect(finished.finishRequests).toHaveLength(1);
  expect(finished.finish).toMatchObject({ USER_ID: String(second.userId), STATUS_CODE: '200' });
  expect(Number(finished.finish?.['DURATION'])).toBeGreaterThanOrEqual(
    Math.floor((hungUp - firstAnswered) / 1000),
  );
  // Nothing of the consultation reached Bitrix24: the customer's call is the only one.
  expect(await portal.calls()).toHaveLength(1);
});
