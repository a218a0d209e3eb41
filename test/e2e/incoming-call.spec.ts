import path from 'node:path';
import { placeCall } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';
import { portalRequests } from './support/phone-ui';
import { agentOfCountry } from './support/portal-country';
import type { PortalClient, SandboxCall } from '../../sandbox/portal/sandbox-client';

/**
 * The walking skeleton's promise: one incoming call, end to end on the real stack - sipp calls
 * extension 101 through Kamailio and rtpengine, the agent's app (the real renderer on the web
 * host, in Chromium) rings and answers, audio flows, and Bitrix24 (the portal emulator) holds
 * exactly one registration and one finish with the right fields.
 */

const caller = '+74951234567';
const line = '74950000000';
const isoWithOffset = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/;
const screenshots = path.resolve('artifacts', 'screenshots');

/** Waits for the call's finish; Bitrix24 must then hold it once, registered once and finished once. */
async function finishedOnce(portal: PortalClient, callId: string): Promise<SandboxCall> {
  await expect.poll(async () => (await portal.callsWithExternalId(callId))[0]?.finish ?? null).not.toBeNull();
  const calls = await portal.callsWithExternalId(callId);
  expect(calls).toHaveLength(1);
  expect(calls[0]?.registerRequests).toHaveLength(1);
  expect(calls[0]?.finishRequests).toHaveLength(1);
  return calls[0]!;
}

test('an answered call is registered when it rings and finished with its talk time', async ({
  rig,
  portal,
  startAgent,
}) => {
  const agent = await startAgent('101');
  const { page } = agent;
  await expect(page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();
  await page.screenshot({ path: path.join(screenshots, 'idle.png') });

  const call = await placeCall({ rig, to: '101', from: caller, talkMs: 5_000, headers: { 'X-Line': line } });
  const incoming = page.getByRole('region', { name: 'Incoming call' });
  await expect(incoming.getByLabel('Caller number')).toHaveText(caller);
  await page.screenshot({ path: path.join(screenshots, 'ringing.png') });

  await incoming.getByRole('button', { name: 'Answer' }).click();
  const inCall = page.getByRole('region', { name: 'Call in progress' });
  await expect
    .poll(async () => Number(await inCall.getByLabel('Packets received').textContent()))
    .toBeGreaterThan(0);
  await expect
    .poll(async () => Number(await inCall.getByLabel('Audio level').textContent()))
    .toBeGreaterThan(0);
  await page.screenshot({ path: path.join(screenshots, 'in-call.png') });

  const result = await call.done;
  expect(result.exitCode).toBe(0);
  const talkSeconds = (result.timeline.talkMs ?? NaN) / 1000;
  await expect(page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();

  const registered = await finishedOnce(portal, call.callId);
  expect(registered.register).toMatchObject({
    TYPE: '2',
    USER_ID: String(agent.userId),
    PHONE_NUMBER: caller,
    LINE_NUMBER: line,
    EXTERNAL_CALL_ID: call.callId,
  });
  const startDate = String(registered.register['CALL_START_DATE']);
  expect(startDate).toMatch(isoWithOffset);
  // CALL_START_DATE is when it began ringing: within a second or two of sipp's INVITE.
  expect(Math.abs(Date.parse(startDate) - (result.timeline.inviteAt ?? 0))).toBeLessThan(2_000);
  expect(registered.finish).toMatchObject({ STATUS_CODE: '200', USER_ID: String(agent.userId) });
  expect(Math.abs(Number(registered.finish?.['DURATION']) - talkSeconds)).toBeLessThanOrEqual(1);
});

test('the line the PBX names in X-Line is registered with no header set in the settings', async ({
  rig,
  portal,
  startAgent,
}) => {
  const agent = await startAgent('101');
  await agent.page.getByRole('button', { name: 'Settings' }).click();
  const form = agent.page.getByRole('form', { name: 'Settings' });
  await form.getByLabel('Header with the called line (optional)').fill('');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toHaveCount(0);
  const call = await placeCall({
    rig,
    to: '101',
    from: caller,
    scenario: 'cancel',
    ringMs: 1_500,
    headers: { 'X-Line': line },
  });
  expect((await call.done).exitCode).toBe(0);
  expect((await finishedOnce(portal, call.callId)).register).toMatchObject({ LINE_NUMBER: line });
});

test('a caller who gives up while it rings is finished as missed (304, no talk time)', async ({
  rig,
  portal,
  startAgent,
}) => {
  const agent = await startAgent('101');
  const call = await placeCall({
    rig,
    to: '101',
    from: caller,
    scenario: 'cancel',
    ringMs: 2_000,
    headers: { 'X-Line': line },
  });
  await expect(
    agent.page.getByRole('region', { name: 'Incoming call' }).getByLabel('Caller number'),
  ).toHaveText(caller);
  expect((await call.done).exitCode).toBe(0);
  await expect(agent.page.getByText('The caller gave up')).toBeVisible();

  expect((await finishedOnce(portal, call.callId)).finish).toMatchObject({
    STATUS_CODE: '304',
    DURATION: '0',
    USER_ID: String(agent.userId),
  });
});

test('a call rings on screen while the host is stalled, and is registered once the host is back', async ({
  rig,
  portal,
  startAgent,
}) => {
  // The screen waits for the host to take a new call's ringing fact (so that Bitrix24's register
  // is not slowed by the drawing), but never long: a host that does not answer delays nothing.
  const agent = await startAgent('101');
  await expect(agent.page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();
  const host = agent.host().pid;
  process.kill(host, 'SIGSTOP');
  let call: Awaited<ReturnType<typeof placeCall>>;
  try {
    call = await placeCall({ rig, to: '101', from: caller, scenario: 'cancel', ringMs: 4_000 });
    const incoming = agent.page.getByRole('region', { name: 'Incoming call' });
    await expect(incoming.getByLabel('Caller number')).toHaveText(caller, { timeout: 2_000 });
    expect(await portal.callsWithExternalId(call.callId)).toHaveLength(0);
  } finally {
    process.kill(host, 'SIGCONT');
  }

  expect((await call.done).exitCode).toBe(0);
  expect((await finishedOnce(portal, call.callId)).finish).toMatchObject({
    STATUS_CODE: '304',
    DURATION: '0',
  });
});

test("a caller the CRM knows rings with their name, looked up once with the agent's token", async ({
  rig,
  portal,
  startAgent,
}) => {
  const agent = await startAgent('102');
  // The portal's seeded contact Olga Smirnova, stored there as "8 916 765 43 21".
  const known = '+79167654321';
  const call = await placeCall({ rig, to: '102', from: known, talkMs: 1_000, headers: { 'X-Line': line } });
  const incoming = agent.page.getByRole('region', { name: 'Incoming call' });
  await expect(incoming.getByLabel('Caller number')).toHaveText(known);
  await expect(incoming.getByText('CRM: Olga Smirnova')).toBeVisible();
  await incoming.getByRole('button', { name: 'Answer' }).click();
  await expect(
    agent.page.getByRole('region', { name: 'Call in progress' }).getByText('CRM: Olga Smirnova'),
  ).toBeVisible();
  expect((await call.done).exitCode).toBe(0);
  await expect(agent.page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();

  // A caller the CRM does not know rings with the number alone.
  const stranger = await placeCall({
    rig,
    to: '102',
    from: '+442071234567',
    scenario: 'cancel',
    ringMs: 1_500,
  });
  await expect(incoming.getByLabel('Caller number')).toHaveText('+442071234567');
  expect((await stranger.done).exitCode).toBe(0);
  await expect(agent.page.getByText(/^CRM:/)).toHaveCount(0);

  // The same customer again: the name comes from the host's cache, the portal is not asked twice.
  const again = await placeCall({ rig, to: '102', from: known, scenario: 'cancel', ringMs: 1_500 });
  await expect(incoming.getByText('CRM: Olga Smirnova')).toBeVisible();
  expect((await again.done).exitCode).toBe(0);
  const searches = await portalRequests(portal, 'telephony.externalCall.searchCrmEntities');
  expect(searches.map((search) => [search.params['PHONE_NUMBER'], search.userId])).toEqual([
    [known, agent.userId],
    ['+442071234567', agent.userId],
  ]);
});

test('on a DE portal a caller the CRM knows by their +49 number, presented in national form, rings with their name, is bound to them and is in the history in international form', async ({
  rig,
  portal,
  portalCountry,
  startAgent,
}) => {
  await portalCountry('DE');
  const agent = await startAgent('102', { settings: agentOfCountry('DE') });
  // The portal's seeded contact Klaus Becker, stored there as "+49 30 55501234".
  const known = '+493055501234';
  const call = await placeCall({ rig, to: '102', from: '03055501234', talkMs: 1_000 });
  const incoming = agent.page.getByRole('region', { name: 'Incoming call' });
  await expect(incoming.getByText('CRM: Klaus Becker')).toBeVisible();
  await incoming.getByRole('button', { name: 'Answer' }).click();
  expect((await call.done).exitCode).toBe(0);

  const finished = await finishedOnce(portal, call.callId);
  expect(finished.register).toMatchObject({ PHONE_NUMBER: known, TYPE: '2' });
  expect(finished.crm).toMatchObject({ entityType: 'CONTACT', entityId: 6 });
  const searches = await portalRequests(portal, 'telephony.externalCall.searchCrmEntities');
  expect(searches.map((search) => search.params['PHONE_NUMBER'])).toEqual([known]);

  await agent.page.getByRole('button', { name: 'History' }).click();
  await expect(agent.page.getByRole('listitem', { name: `Call with ${known}` })).toBeVisible();
});
