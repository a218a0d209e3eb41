import { placeCall } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';
import {
  callsDialledTo,
  dial,
  expectAudio,
  finishedCall,
  finishedClick,
  inCallView,
  invitesTo,
} from './support/phone-ui';
import { clickInCrm, clickToCallAgent } from './support/relay';

/**
 * Numbers of every country on the real stack: the portal emulator is a German or a US portal
 * (`defaultCountry`, as `npm run portal -- --country DE` makes it), the relay's configuration names
 * that country for it, and the agent's app - signed in through the relay, with no country of its
 * own - reads every number as that country's: a click in the CRM, a call it dials and a caller's
 * number all reach Bitrix24 (and the PBX) in international form. The Russian portal is the other
 * specs' (incoming-call, outgoing-call, relay-click-to-call); here it refuses a German national
 * number, which the relay finishes with 404 and a reason the agent reads.
 */

for (const { code, national, trunk, e164 } of [
  { code: 'DE', national: '030 12345678', trunk: '03012345678', e164: '+493012345678' },
  { code: 'US', national: '(212) 555-1234', trunk: '12125551234', e164: '+12125551234' },
]) {
  test(`on a ${code} portal a click, a dialled number and a caller are read as ${code} numbers`, async ({
    rig,
    portal,
    portalCountry,
    startRelay,
    startUas,
    startAgent,
  }) => {
    await portalCountry(code);
    const { uas, agent } = await clickToCallAgent({ startRelay, startUas, startAgent });
    const call = inCallView(agent.page);

    // Click-to-call: the CRM's national number is dialled in the portal's country, finished once.
    const callId = await clickInCrm(portal.origin, agent.userId, national);
    await expect(call.getByLabel('Caller number')).toHaveText(e164);
    await expectAudio(agent.page);
    await call.getByRole('button', { name: 'Hang up' }).click();
    const clicked = await finishedClick(portal, callId);
    expect(clicked?.finish).toMatchObject({ STATUS_CODE: '200', USER_ID: String(agent.userId) });
    expect(clicked?.finishRequests).toHaveLength(1);
    const clickInvites = callsDialledTo(uas, e164);
    expect(clickInvites.size).toBe(1);

    // Outgoing: the agent types the number the national way.
    await dial(agent.page, national);
    await expect(call.getByLabel('Caller number')).toHaveText(e164);
    await expectAudio(agent.page);
    await call.getByRole('button', { name: 'Hang up' }).click();
    const dialled = invitesTo(uas, e164).find((invite) => !clickInvites.has(invite.callId));
    expect(dialled).toBeDefined();
    const outgoing = await finishedCall(portal, dialled?.callId ?? '');
    expect(outgoing.register).toMatchObject({ TYPE: '1', PHONE_NUMBER: e164, USER_ID: String(agent.userId) });
    expect(outgoing.finish).toMatchObject({ STATUS_CODE: '200' });

    // Incoming: the PBX presents the caller with the trunk prefix; Bitrix24 gets the E.164 number.
    const incoming = await placeCall({ rig, to: '101', from: trunk, scenario: 'cancel', ringMs: 1_500 });
    expect((await incoming.done).exitCode).toBe(0);
    const missed = await finishedCall(portal, incoming.callId);
    expect(missed.register).toMatchObject({ TYPE: '2', PHONE_NUMBER: e164, USER_ID: String(agent.userId) });
    expect(missed.finish).toMatchObject({ STATUS_CODE: '304' });
  });
}

test('on a RU portal a click on a German national number is finished with 404 and the agent reads why', async ({
  portal,
  portalCountry,
  startRelay,
  startUas,
  startAgent,
}, testInfo) => {
  await portalCountry('RU');
  const { uas, agent } = await clickToCallAgent({ startRelay, startUas, startAgent });

  const callId = await clickInCrm(portal.origin, agent.userId, '030 12345678');
  await expect(agent.page.getByRole('alert')).toHaveText(
    'Bitrix24 asked to call 030 12345678, which cannot be dialled: This is not a phone number that can be dialled',
  );
  const refused = await finishedClick(portal, callId);
  expect(refused?.finish).toMatchObject({ STATUS_CODE: '404', DURATION: '0', USER_ID: String(agent.userId) });
  expect(String(refused?.finish?.['FAILED_REASON'])).toMatch(/cannot dial "030 12345678" \(numbers of RU\)/);
  expect(refused?.finishRequests).toHaveLength(1);
  // Nothing was dialled, in any form.
  expect(
    uas.messages().filter((message) => message.method === 'INVITE' && message.text.includes('12345678')),
  ).toEqual([]);
  await agent.page.screenshot({ path: testInfo.outputPath('click-refused.png') });
});
