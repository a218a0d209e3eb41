import { placeCall, startUas } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';
import { dial, expectAudio, finishedCallTo, inCallView } from './support/phone-ui';
import { agentOfCountry } from './support/portal-country';

/**
 * "Create a lead for unknown callers", per direction (settings `crmCreate`): the agent asks for
 * leads on incoming calls only, in the settings screen. An unknown caller's call is registered with CRM_CREATE 1, the
 * portal creates the lead and binds the call to it (the statistics row after finish names it); the
 * agent's own outgoing call to an unknown number makes none. With "missed" ticked instead, a
 * missed call from an unknown number is registered without CRM_CREATE and after its finish the app
 * adds the lead and an open call activity on it for the agent (crm.lead.add, crm.activity.add).
 * Both run on a Russian and a German portal, the caller presented by the PBX in its country's
 * national form: the lead's number is the international one.
 */

/** An unknown caller of each portal: `from` as the PBX presents them, `number` as Bitrix24 gets it. */
const unknownCallers = [
  { country: 'RU', from: '84957770001', number: '+74957770001' },
  { country: 'DE', from: '03077770002', number: '+493077770002' },
] as const;

for (const { country, from, number: caller } of unknownCallers) {
  test(`an unknown caller becomes a lead bound to the call; an outgoing call makes none (${country} portal)`, async ({
    rig,
    portal,
    portalCountry,
    startAgent,
  }) => {
    await portalCountry(country);
    const agent = await startAgent('101', { settings: agentOfCountry(country) });
    // The agent asks for leads on incoming calls, in the settings.
    await agent.page.getByRole('button', { name: 'Settings' }).click();
    const form = agent.page.getByRole('form', { name: 'Settings' });
    await form.getByLabel('Create a lead for unknown callers').check();
    await expect(form.getByLabel('Create a lead when I call an unknown number')).not.toBeChecked();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form).toHaveCount(0);
    const call = await placeCall({ rig, to: '101', from, scenario: 'cancel', ringMs: 1_500 });
    expect((await call.done).exitCode).toBe(0);
    await expect
      .poll(async () => (await portal.callsWithExternalId(call.callId))[0]?.finish ?? null)
      .not.toBeNull();
    const [incoming] = await portal.callsWithExternalId(call.callId);
    expect(incoming?.register).toMatchObject({ CRM_CREATE: '1', PHONE_NUMBER: caller });
    const leadId = incoming?.crm.createdLeadId;
    expect(leadId).toEqual(expect.any(Number));
    expect(incoming?.crm).toMatchObject({ entityType: 'LEAD', entityId: leadId });
    expect(incoming?.statistics).toMatchObject({ CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: leadId });
    const lead = (await portal.crm()).find((entity) => entity.type === 'LEAD' && entity.ID === leadId);
    expect((lead?.PHONE as Array<{ VALUE: string }> | undefined)?.map((phone) => phone.VALUE)).toEqual([
      caller,
    ]);

    const busy = await startUas({ rig, behaviour: 'busy' });
    try {
      await dial(agent.page, '7100');
      await expect(agent.page.getByText('Last call: 7100 — Busy (486)')).toBeVisible();
    } finally {
      await busy.stop();
    }
    await expect
      .poll(
        async () =>
          (await portal.calls()).find((entry) => entry.register['PHONE_NUMBER'] === '7100')?.finish ?? null,
      )
      .not.toBeNull();
    const outgoing = (await portal.calls()).find((entry) => entry.register['PHONE_NUMBER'] === '7100');
    expect(outgoing?.register).toMatchObject({ TYPE: '1', CRM_CREATE: '0' });
    expect(outgoing?.crm.createdLeadId).toBeNull();
  });

  test(`a missed call from an unknown number leaves a lead with an open call back for the agent (${country} portal)`, async ({
    rig,
    portal,
    portalCountry,
    startAgent,
  }) => {
    await portalCountry(country);
    const agent = await startAgent('101', { settings: agentOfCountry(country) });
    await agent.page.getByRole('button', { name: 'Settings' }).click();
    const form = agent.page.getByRole('form', { name: 'Settings' });
    await expect(form.getByLabel('Create a lead for unknown callers')).not.toBeChecked();
    await form.getByLabel('Create a lead and a call-back task for missed calls from unknown numbers').check();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form).toHaveCount(0);
    const call = await placeCall({ rig, to: '101', from, scenario: 'cancel', ringMs: 1_500 });
    expect((await call.done).exitCode).toBe(0);
    await expect
      .poll(async () => (await portal.callsWithExternalId(call.callId))[0]?.finish ?? null)
      .not.toBeNull();
    const [missed] = await portal.callsWithExternalId(call.callId);
    expect(missed?.register).toMatchObject({ CRM_CREATE: '0', PHONE_NUMBER: caller });
    await expect
      .poll(async () => (await portal.activities()).filter((a) => a.ORIGIN_ID === missed?.CALL_ID).length)
      .toBe(1);
    const leads = (await portal.crm()).filter(
      (entity) =>
        entity.type === 'LEAD' && (entity.PHONE as Array<{ VALUE: string }>).some((p) => p.VALUE === caller),
    );
    expect(leads).toHaveLength(1);
    const agentId = await portal.userIdForExtension('101');
    expect(leads[0]).toMatchObject({ ASSIGNED_BY_ID: agentId, SOURCE_ID: 'CALL' });
    const [activity] = (await portal.activities()).filter((a) => a.ORIGIN_ID === missed?.CALL_ID);
    expect(activity).toMatchObject({
      OWNER_TYPE: 'LEAD',
      OWNER_ID: leads[0]!.ID,
      COMPLETED: 'N',
      RESPONSIBLE_ID: agentId,
    });
  });
}

test('an outgoing call to an unknown number with leads for outgoing calls ticked: the portal makes the lead and binds the call (DE portal)', async ({
  portal,
  portalCountry,
  startUas,
  startAgent,
}) => {
  await portalCountry('DE');
  const agent = await startAgent('101', { settings: agentOfCountry('DE') });
  await agent.page.getByRole('button', { name: 'Settings' }).click();
  const form = agent.page.getByRole('form', { name: 'Settings' });
  await expect(form.getByLabel('Create a lead for unknown callers')).not.toBeChecked();
  await form.getByLabel('Create a lead when I call an unknown number').check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toHaveCount(0);
  await startUas({ behaviour: 'answer' });
  // The agent types the number the national way; Bitrix24 gets it, and the lead keeps it, in E.164.
  const number = '+493077770003';
  await dial(agent.page, '030 77770003');
  const call = inCallView(agent.page);
  await expect(call.getByLabel('Caller number')).toHaveText(number);
  await expectAudio(agent.page);
  await call.getByRole('button', { name: 'Hang up' }).click();

  const outgoing = await finishedCallTo(portal, number);
  expect(outgoing.register).toMatchObject({ TYPE: '1', CRM_CREATE: '1', USER_ID: String(agent.userId) });
  const leadId = outgoing.crm.createdLeadId;
  expect(leadId).toEqual(expect.any(Number));
  expect(outgoing.crm).toMatchObject({ entityType: 'LEAD', entityId: leadId });
  const lead = (await portal.crm()).find((entity) => entity.type === 'LEAD' && entity.ID === leadId);
  expect(lead).toMatchObject({ ASSIGNED_BY_ID: agent.userId });
  expect((lead?.PHONE as Array<{ VALUE: string }> | undefined)?.map((phone) => phone.VALUE)).toEqual([
    number,
  ]);
});
