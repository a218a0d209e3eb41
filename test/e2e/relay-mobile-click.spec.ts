import { defaultSettings } from '../../common/settings/settings';
import { startUas, type SippUas } from '../../sandbox/pbx/sipp';
import type { PortalClient, SandboxCall } from '../../sandbox/portal/sandbox-client';
import { expect, test } from './support/fixtures';
import { expectAudio, inCallView, portalRequests } from './support/phone-ui';
import { signInThroughRelay, startRelayForE2e, type E2eRelay } from './support/relay';

/**
 * A number clicked in the Bitrix24 mobile app: ONEXTERNALCALLSTART with IS_MOBILE=1 reaches the
 * agent's desktop app through the relay. By default the desktop leaves it to the mobile app - the
 * agent reads why under the dialpad, nothing is dialled, and the relay finishes the click with 480
 * once nobody took it. An agent who ticked "Also dial numbers I click in the Bitrix24 mobile app"
 * gets it dialled here and finished once at hangup.
 */

const number = '+79161234567';
let relay: E2eRelay | undefined;
let uas: SippUas | undefined;
test.afterEach(async () => {
  await uas?.stop();
  await relay?.stop();
  uas = undefined;
  relay = undefined;
});

/** The agent taps `number` in the Bitrix24 mobile app; resolves with the click's CALL_ID. */
async function clickInMobileApp(portal: PortalClient, userId: number): Promise<string> {
  const click = await fetch(`${portal.origin}/_sandbox/click-to-call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user_id: userId, phone: number, is_mobile: true }),
  });
  expect(click.status).toBe(200);
  const { CALL_ID, data } = (await click.json()) as { CALL_ID: string; data: Record<string, string> };
  expect(data['IS_MOBILE']).toBe('1');
  return CALL_ID;
}

async function finished(portal: PortalClient, callId: string): Promise<SandboxCall | undefined> {
  await expect
    .poll(async () => (await portal.calls()).find((call) => call.CALL_ID === callId)?.finish ?? null, {
      timeout: 15_000,
    })
    .not.toBeNull();
  return (await portal.calls()).find((call) => call.CALL_ID === callId);
}

function invitesTo(target: SippUas | undefined) {
  return (target?.messages() ?? []).filter(
    (message) => message.method === 'INVITE' && message.text.startsWith(`INVITE sip:${number}@`),
  );
}

test('a click made in the mobile app is left to it by default: the agent reads why, the relay finishes it with 480', async ({
  rig,
  portal,
  startAgent,
}, testInfo) => {
  relay = await startRelayForE2e(portal.origin, testInfo.outputPath('relay'), {
    clickToCall: { acceptTimeoutMs: 4_000 },
  });
  uas = await startUas({ rig, behaviour: 'answer' });
  const agent = await startAgent('101');
  await signInThroughRelay(agent.page, relay.url, agent.userId);

  const callId = await clickInMobileApp(portal, agent.userId);
  await expect(agent.page.getByRole('alert')).toHaveText(
    `${number} was clicked in the Bitrix24 mobile app, so it is not dialled here (Settings: Also dial numbers I click in the Bitrix24 mobile app)`,
  );
  const left = await finished(portal, callId);
  expect(left?.finish).toMatchObject({ USER_ID: String(agent.userId), STATUS_CODE: '480', DURATION: '0' });
  expect(left?.finishRequests).toHaveLength(1);
  // The desktop stayed idle: no call, nothing dialled.
  await expect(agent.page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();
  expect(invitesTo(uas)).toEqual([]);
});

test('a click made in the mobile app is dialled here when the agent chose so, and finished once', async ({
  rig,
  portal,
  startAgent,
}, testInfo) => {
  relay = await startRelayForE2e(portal.origin, testInfo.outputPath('relay'));
  uas = await startUas({ rig, behaviour: 'answer' });
  const agent = await startAgent('101', {
    settings: { phone: { ...defaultSettings.phone, dialMobileClicks: true } },
  });
  await signInThroughRelay(agent.page, relay.url, agent.userId);

  const callId = await clickInMobileApp(portal, agent.userId);
  const call = inCallView(agent.page);
  await expect(call.getByLabel('Caller number')).toHaveText(number);
  await expectAudio(agent.page);
  expect(new Set(invitesTo(uas).map((invite) => invite.callId)).size).toBe(1);

  await call.getByRole('button', { name: 'Hang up' }).click();
  const dialled = await finished(portal, callId);
  expect(dialled?.finish).toMatchObject({ USER_ID: String(agent.userId), STATUS_CODE: '200' });
  expect(dialled?.finishRequests).toHaveLength(1);
  // The click registered the call already: the app never registers it again.
  expect(await portalRequests(portal, 'telephony.externalCall.register')).toEqual([]);
});
