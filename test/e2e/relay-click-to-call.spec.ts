import { blockMedia, type MediaBlock } from '../../sandbox/pbx/media-block';
import { captureRtpEvents, type RtpEventCapture } from '../../sandbox/pbx/rtp-events';
import { expect, test } from './support/fixtures';
import {
  callsDialledTo,
  dial,
  expectAudio,
  finishedCall,
  finishedClick,
  inCallView,
  invitesTo,
  portalRequests,
} from './support/phone-ui';
import { agentSignedInThrough, clickInCrm, clickToCallAgent } from './support/relay';

/**
 * Click-to-call on the real stack: a number clicked in the emulator's CRM page becomes
 * ONEXTERNALCALLSTART to the relay (delivered twice, as happens in the field), the relay pushes it
 * to the agent's app (signed in through the relay), the app dials sipp's UAS through Kamailio and,
 * at hangup, finishes the event's CALL_ID - once, never registering a call of its own. A click by
 * an agent whose app is not running is finished by the relay with 480. The clicks with an extension
 * and on a line run on two portals of different countries each, their CRM numbers national.
 */

let capture: RtpEventCapture | undefined;
let mediaBlock: MediaBlock | undefined;
test.afterEach(async () => {
  mediaBlock?.unblock();
  mediaBlock = undefined;
  await capture?.close();
  capture = undefined;
});

test('a number clicked in the CRM is dialled by the agent’s app once and finished once', async ({
  portal,
  startRelay,
  startUas,
  startAgent,
  browser,
}, testInfo) => {
  const { uas, agent } = await clickToCallAgent({ startRelay, startUas, startAgent });
  await portal.injectFaults({ duplicateEvents: true });

  // The agent clicks Ivan Sidorov's number in the CRM, as Boris (101).
  const crm = await browser.newPage();
  await crm.goto(`${portal.origin}/ui/crm`);
  await crm
    .getByRole('row', { name: /Ivan Sidorov/ })
    .getByRole('button', { name: /as Boris/ })
    .click();
  const result = crm.locator('#result');
  await expect(result).toContainText('Registered externalCall.');
  const callId = /Registered (externalCall\.\S+)/.exec((await result.textContent()) ?? '')?.[1] ?? '';
  await crm.screenshot({ path: testInfo.outputPath('crm-clicked.png') });

  const call = inCallView(agent.page);
  await expect(call.getByLabel('Caller number')).toHaveText('+79161234567');
  const note = call.getByRole('note', { name: 'Click-to-call from Bitrix24' });
  await expect(note).toContainText('CRM: Contact #1');
  await expectAudio(agent.page);
  await agent.page.screenshot({ path: testInfo.outputPath('click-to-call-in-call.png') });

  // Bitrix24 delivered the event twice; the app dialled once.
  const { events } = (await (await fetch(`${portal.origin}/_sandbox/events`)).json()) as {
    events: { event: string; status: number | null }[];
  };
  expect(
    events.filter((event) => event.event === 'ONEXTERNALCALLSTART').map((event) => event.status),
  ).toEqual([200, 200]);
  expect(callsDialledTo(uas, '+79161234567').size).toBe(1);

  await call.getByRole('button', { name: 'Hang up' }).click();
  const finished = await finishedClick(portal, callId);
  expect(finished?.finishRequests).toHaveLength(1);
  expect(finished?.finish).toMatchObject({ USER_ID: String(agent.userId), STATUS_CODE: '200' });
  expect(Number(finished?.finish?.['DURATION'])).toBeGreaterThan(0);
  // The click registered the call already: the app never registers it again.
  expect(await portalRequests(portal, 'telephony.externalCall.register')).toEqual([]);
  expect(callsDialledTo(uas, '+79161234567').size).toBe(1);

  // Carla (102) has no app running: her click is finished by the relay with 480 and a reason.
  await portal.clearFaults();
  await crm
    .getByRole('row', { name: /Ivan Sidorov/ })
    .getByRole('button', { name: /as Carla/ })
    .click();
  await expect(result).toContainText('Registered externalCall.');
  const offlineCallId = /Registered (externalCall\.\S+)/.exec((await result.textContent()) ?? '')?.[1] ?? '';
  expect(offlineCallId).not.toBe(callId);
  const unanswered = await finishedClick(portal, offlineCallId);
  expect(unanswered?.finish).toMatchObject({ USER_ID: '3', STATUS_CODE: '480', DURATION: '0' });
  expect(String(unanswered?.finish?.['FAILED_REASON'])).toMatch(/No b24phone app/);
  expect(unanswered?.finishRequests).toHaveLength(1);
  await crm.close();
});

/** A number clicked in the CRM as a portal of each country writes it, and as the app dials it. */
const clickedNumbers = [
  { country: 'DE', clicked: '030 12345678', dialled: '+493012345678' },
  { country: 'RU', clicked: '8 (495) 123-45-67', dialled: '+74951234567' },
];

for (const { country, clicked, dialled } of clickedNumbers) {
  test(`the extension written after a clicked number is dialled on answer as RFC 4733 events, not SIP INFO (${country} portal)`, async ({
    rig,
    portal,
    portalCountry,
    startRelay,
    startUas,
    startAgent,
  }) => {
    await portalCountry(country);
    const relay = await startRelay();
    capture = await captureRtpEvents({ address: rig.uasAddress });
    const uas = await startUas({ behaviour: 'answer', rtpSinkPort: capture.port });
    const agent = await agentSignedInThrough(relay, startAgent, '101');

    // The media cannot start until the far end has the ACK: at the answer the RTP sender cannot take
    // tones yet (as when ICE and DTLS finish after the 200 OK on a loaded machine). Digits sent then
    // would go as SIP INFO; the app waits for the sender instead.
    mediaBlock = blockMedia(rig);
    // The number with "ext. 245" clicked in the CRM as Boris: Bitrix24 sends EXTENSION 245.
    await clickInCrm(portal.origin, agent.userId, clicked, { extension: '245' });
    const call = inCallView(agent.page);
    await expect(call.getByLabel('Caller number')).toHaveText(dialled);
    await uas.waitForMessage((message) => message.method === 'ACK', 15_000);
    mediaBlock.unblock();

    // The far end decodes the digits from the media it receives once the media is up.
    expect(await capture.waitForDigits(3, 15_000)).toBe('245');
    const invites = uas.messages().filter((message) => message.method === 'INVITE');
    expect(invites.map((invite) => invite.text.split(' ')[1]?.split('@')[0])).toEqual([`sip:${dialled}`]);
    expect(uas.messages().filter((message) => message.method === 'INFO')).toEqual([]);
    await call.getByRole('button', { name: 'Hang up' }).click();
  });
}

// The agent's own default line differs from the clicked one: the portal's first line of the
// application (the relay adds its configured lines in order; the suite's line stays the first).
const clickedLine = '74950001122';
const agentsLine = '74950003344';

for (const { country, clicked, dialled } of [
  { country: 'US', clicked: '(212) 555-1234', dialled: '+12125551234' },
  { country: 'RU', clicked: '8 (495) 123-45-67', dialled: '+74951234567' },
]) {
  test(`a click goes out on the clicked line, not the agent's default one: the callee sees its LINE_NUMBER as the caller ID (${country} portal)`, async ({
    portal,
    portalCountry,
    startRelay,
    startUas,
    startAgent,
  }) => {
    await portalCountry(country);
    const agentId = await portal.userIdForExtension('101');
    const relay = await startRelay({
      lines: [
        { number: clickedLine, name: 'Main line' },
        { number: agentsLine, name: 'Boris’s line', users: [agentId] },
      ],
    });
    const uas = await startUas({ behaviour: 'answer' });
    const agent = await agentSignedInThrough(relay, startAgent, '101');

    // Bitrix24's click carries the line the call is for, registered with it.
    const callId = await clickInCrm(portal.origin, agent.userId, clicked);
    const call = inCallView(agent.page);
    await expect(call.getByLabel('Caller number')).toHaveText(dialled);
    const clickInvite = () => invitesTo(uas, dialled)[0];
    await expect.poll(() => clickInvite()?.text ?? '').toMatch(/^P-Asserted-Identity: /m);
    expect(clickInvite()?.text).toMatch(new RegExp(`^P-Asserted-Identity: <sip:${clickedLine}@`, 'm'));
    // The header the app used to name the line stays inside the PBX.
    expect(clickInvite()?.text).not.toMatch(/^X-Line:/im);
    await call.getByRole('button', { name: 'Hang up' }).click();
    const finished = await finishedClick(portal, callId);
    expect(finished.register['LINE_NUMBER']).toBe(clickedLine);
    expect(finished.finishRequests).toHaveLength(1);
    expect(finished.finish).toMatchObject({ USER_ID: String(agent.userId), STATUS_CODE: '200' });

    // The control: a number the agent dials is registered on the agent's own default line.
    await dial(agent.page, clicked);
    await expect(call.getByLabel('Caller number')).toHaveText(dialled);
    await call.getByRole('button', { name: 'Hang up' }).click();
    const dialledCall = invitesTo(uas, dialled).find((invite) => invite.callId !== clickInvite()?.callId);
    expect(dialledCall).toBeDefined();
    const own = await finishedCall(portal, dialledCall?.callId ?? '');
    expect(own.register).toMatchObject({ PHONE_NUMBER: dialled, LINE_NUMBER: agentsLine, TYPE: '1' });
  });
}
