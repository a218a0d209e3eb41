import { expect, type Locator, type Page } from '@playwright/test';
import type { SipMessage } from '../../../sandbox/pbx/sipp';
import type { PortalClient } from '../../../sandbox/portal/sandbox-client';

/** How the phone's specs drive and read the app, by role and label as an agent (or a screen reader) would. */

export const incomingView = (page: Page): Locator => page.getByRole('region', { name: 'Incoming call' });
export const inCallView = (page: Page): Locator => page.getByRole('region', { name: 'Call in progress' });
export const callLines = (page: Page): Locator => page.getByRole('region', { name: 'Calls' });
export const sipStatus = (page: Page): Locator => page.getByRole('status', { name: 'SIP status' });

/** Types a number into the dialpad (or the "Add call" one during a call) and presses Call. */
export async function dial(
  page: Page,
  number: string,
  form: 'Dialpad' | 'Call another number' = 'Dialpad',
): Promise<void> {
  const dialpad = page.getByRole('form', { name: form });
  await dialpad.getByLabel('Number to call').fill(number);
  await dialpad.getByRole('button', { name: 'Call', exact: true }).click();
}

/** Packets arrive on the focused call and, at some moment, a level above silence. */
export async function expectAudio(page: Page): Promise<void> {
  const view = inCallView(page);
  await expect
    .poll(async () => Number(await view.getByLabel('Packets received').textContent()), { timeout: 10_000 })
    .toBeGreaterThan(0);
  await expect
    .poll(async () => Number(await view.getByLabel('Audio level').textContent()), {
      timeout: 10_000,
      intervals: [100],
    })
    .toBeGreaterThan(0);
}

/** The packets-received counter of the focused call. */
export async function packetsReceived(page: Page): Promise<number> {
  return Number(await inCallView(page).getByLabel('Packets received').textContent());
}

export interface PortalRequest {
  method: string;
  params: Record<string, unknown>;
  userId: number | null;
  at: string;
}

/** What the app asked of Bitrix24 (the emulator's request log), for one REST method. */
export async function portalRequests(portal: PortalClient, method: string): Promise<PortalRequest[]> {
  const response = await fetch(`${portal.origin}/_sandbox/requests?method=${encodeURIComponent(method)}`);
  const body = (await response.json()) as { requests: PortalRequest[] };
  return body.requests;
}

/**
 * Waits for the finish of the call registered for `phoneNumber` and returns it. The app registers
 * and finishes in the background: the screen can say the call ended before the portal has it.
 */
export async function finishedCallTo(portal: PortalClient, phoneNumber: string) {
  const callTo = async () =>
    (await portal.calls()).find((entry) => entry.register['PHONE_NUMBER'] === phoneNumber);
  await expect.poll(async () => (await callTo())?.finish ?? null, { timeout: 15_000 }).not.toBeNull();
  const call = await callTo();
  if (!call) throw new Error(`no call registered for ${phoneNumber}`);
  return call;
}

/** Waits for the finish of the call registered with `externalCallId` and returns it. */
export async function finishedCall(portal: PortalClient, externalCallId: string) {
  await expect
    .poll(async () => (await portal.callsWithExternalId(externalCallId))[0]?.finish ?? null, {
      timeout: 15_000,
    })
    .not.toBeNull();
  const [call] = await portal.callsWithExternalId(externalCallId);
  if (!call) throw new Error(`no call registered for ${externalCallId}`);
  return call;
}

/**
 * The call the PBX placed as `externalCallId`, once finished: the only Bitrix24 call for it,
 * registered once, finished once, with no card left open.
 */
export async function finishedOnce(portal: PortalClient, externalCallId: string) {
  const call = await finishedCall(portal, externalCallId);
  expect(await portal.callsWithExternalId(externalCallId)).toHaveLength(1);
  expect(call.registerRequests).toHaveLength(1);
  expect(call.finishRequests).toHaveLength(1);
  expect(call.cardsShownTo).toEqual([]);
  return call;
}

/** The portal's only call, once finished: registered once and finished once. */
export async function onlyCallFinishedOnce(portal: PortalClient) {
  await expect
    .poll(async () => (await portal.calls()).filter((entry) => entry.finish !== null).length, {
      timeout: 15_000,
    })
    .toBe(1);
  const calls = await portal.calls();
  expect(calls).toHaveLength(1);
  const [call] = calls;
  if (!call) throw new Error('no call registered');
  expect(call.registerRequests).toHaveLength(1);
  expect(call.finishRequests).toHaveLength(1);
  return call;
}

/** Waits for the finish of the call Bitrix24 registered for a click (its CALL_ID) and returns it. */
export async function finishedClick(portal: PortalClient, callId: string) {
  const clicked = async () => (await portal.calls()).find((call) => call.CALL_ID === callId);
  await expect.poll(async () => (await clicked())?.finish ?? null, { timeout: 15_000 }).not.toBeNull();
  const call = await clicked();
  if (!call) throw new Error(`no call ${callId}`);
  return call;
}

/** The INVITEs for `number` that sipp's UAS received so far (a retransmission counts again). */
export function invitesTo(uas: { messages(): SipMessage[] }, number: string): SipMessage[] {
  return uas
    .messages()
    .filter((message) => message.method === 'INVITE' && message.text.startsWith(`INVITE sip:${number}@`));
}

/** The calls dialled to `number` as sipp's UAS saw them: its INVITEs' distinct Call-IDs. */
export const callsDialledTo = (uas: { messages(): SipMessage[] }, number: string): Set<string> =>
  new Set(invitesTo(uas, number).map((invite) => invite.callId));
