import { defaultSettings } from '../../common/settings/settings';
import { expect, test } from './support/fixtures';
import {
  callsDialledTo,
  expectAudio,
  finishedClick,
  inCallView,
  invitesTo,
  portalRequests,
} from './support/phone-ui';
import { agentSignedInThrough, clickInCrm } from './support/relay';

/**
 * A number clicked in the Bitrix24 mobile app: ONEXTERNALCALLSTART with IS_MOBILE=1 reaches the
 * agent's desktop app through the relay. By default the desktop leaves it to the mobile app - the
 * agent reads why under the dialpad, nothing is dialled, and the relay finishes the click with 480
 * once nobody took it. An agent who ticked "Also dial numbers I click in the Bitrix24 mobile app"
 * gets it dialled here and finished once at hangup. Both on a Russian portal and on a German one,
 * whose CRM number is national: the relay offers the click only when the portal's country makes it
 * a number, and the app dials it in international form.
 */

/** The number clicked, as the CRM sends it and as the app dials it, on a portal of each country. */
for (const { country, clicked, dialled } of [
  { country: 'RU', clicked: '+79161234567', dialled: '+79161234567' },
  { country: 'DE', clicked: '030 12345678', dialled: '+493012345678' },
]) {
  test(`a click made in the mobile app is left to it by default: the agent reads why, the relay finishes it with 480 (${country} portal)`, async ({
    portal,
    portalCountry,
    startRelay,
    startUas,
    startAgent,
  }) => {
    await portalCountry(country);
    const relay = await startRelay({ clickToCall: { acceptTimeoutMs: 4_000 } });
    const uas = await startUas({ behaviour: 'answer' });
    const agent = await agentSignedInThrough(relay, startAgent, '101');

    const callId = await clickInCrm(portal.origin, agent.userId, clicked, { isMobile: true });
    await expect(agent.page.getByRole('alert')).toHaveText(
      `${clicked} was clicked in the Bitrix24 mobile app, so it is not dialled here (Settings: Also dial numbers I click in the Bitrix24 mobile app)`,
    );
    const left = await finishedClick(portal, callId);
    expect(left?.finish).toMatchObject({ USER_ID: String(agent.userId), STATUS_CODE: '480', DURATION: '0' });
    expect(left?.finishRequests).toHaveLength(1);
    // The desktop stayed idle: no call, nothing dialled.
    await expect(agent.page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();
    expect(invitesTo(uas, dialled)).toEqual([]);
  });

  test(`a click made in the mobile app is dialled here when the agent chose so, and finished once (${country} portal)`, async ({
    portal,
    portalCountry,
    startRelay,
    startUas,
    startAgent,
  }) => {
    await portalCountry(country);
    const relay = await startRelay();
    const uas = await startUas({ behaviour: 'answer' });
    const agent = await agentSignedInThrough(
      relay,
      (extension) =>
        startAgent(extension, { settings: { phone: { ...defaultSettings.phone, dialMobileClicks: true } } }),
      '101',
    );

    const callId = await clickInCrm(portal.origin, agent.userId, clicked, { isMobile: true });
    const call = inCallView(agent.page);
    await expect(call.getByLabel('Caller number')).toHaveText(dialled);
    await expectAudio(agent.page);
    expect(callsDialledTo(uas, dialled).size).toBe(1);

    await call.getByRole('button', { name: 'Hang up' }).click();
    const finished = await finishedClick(portal, callId);
    expect(finished?.finish).toMatchObject({ USER_ID: String(agent.userId), STATUS_CODE: '200' });
    expect(finished?.finishRequests).toHaveLength(1);
    // The click registered the call already: the app never registers it again.
    expect(await portalRequests(portal, 'telephony.externalCall.register')).toEqual([]);
  });
}
