import { fileURLToPath } from 'node:url';
import { captureRtpEvents } from '../../sandbox/pbx/rtp-events';
import { startUas } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';
import { dial, finishedCall, inCallView } from './support/phone-ui';

/**
 * What the agent does during a call, checked on both sides of the wire: hold and resume (the
 * far end is asked sendonly and answers recvonly, and our media really goes one way), mute,
 * DTMF as RFC 4733 events (decoded from the RTP that reaches the far end) and as SIP INFO, and a
 * hold the far end refuses, which leaves the call active and says so (sip.js #685).
 */

const refuseReinvite = fileURLToPath(new URL('scenarios/uas-refuse-reinvite.xml', import.meta.url));

test('hold and resume change the media direction on both sides; DTMF arrives as RFC 4733 events and as SIP INFO', async ({
  rig,
  portal,
  startAgent,
}) => {
  const capture = await captureRtpEvents({ address: rig.uasAddress });
  const uas = await startUas({ rig, behaviour: 'answer', rtpSinkPort: capture.port });
  try {
    const { page } = await startAgent('101');
    await dial(page, '7000');
    const call = inCallView(page);
    const direction = call.getByLabel('Media direction');
    await expect(direction).toHaveAttribute('data-direction', 'sendrecv');
    const callId = uas.messages().find((message) => message.method === 'INVITE')?.callId ?? '';

    // DTMF, RFC 4733: the digits reach the far end inside the media.
    await call.getByRole('button', { name: 'Keypad' }).click();
    const keypad = call.getByRole('group', { name: 'Send tones (DTMF)' });
    for (const key of ['1', '2', '3', '#']) {
      await keypad.getByRole('button', { name: `Key ${key}`, exact: true }).click();
      await page.waitForTimeout(300);
    }
    expect(await capture.waitForDigits(4, 5_000)).toBe('123#');

    // Hold: our offer is sendonly, the far end answers recvonly, and our side sends only.
    await call.getByRole('button', { name: 'Hold' }).click();
    await expect(call.getByRole('status').first()).toHaveText('On hold');
    await expect(direction).toHaveAttribute('data-direction', 'sendonly');
    const inDialog = () => uas.messages().filter((message) => message.callId === callId);
    const holdOffer = inDialog().filter((message) => message.method === 'INVITE')[1];
    expect(holdOffer?.text).toContain('a=sendonly');
    const holdAnswer = inDialog().filter(
      (message) => message.status === 200 && message.cseqMethod === 'INVITE',
    )[1];
    expect(holdAnswer?.text).toContain('a=recvonly');

    // Resume: both ways again, on both sides.
    await call.getByRole('button', { name: 'Resume' }).click();
    await expect(direction).toHaveAttribute('data-direction', 'sendrecv');
    const resumeOffer = inDialog().filter((message) => message.method === 'INVITE')[2];
    expect(resumeOffer?.text).toContain('a=sendrecv');

    // Mute is the agent's own, and says so.
    await call.getByRole('button', { name: 'Mute' }).click();
    await expect(call.getByRole('button', { name: 'Unmute' })).toHaveAttribute('aria-pressed', 'true');
    await call.getByRole('button', { name: 'Unmute' }).click();

    // DTMF as SIP INFO, chosen in the settings during the call: applies at once.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Send tones (DTMF) as').selectOption('sip-info');
    await page.getByRole('button', { name: 'Save' }).click();
    // Back on the call, with the keypad as it was left.
    await expect(call.getByRole('button', { name: 'Keypad' })).toHaveAttribute('aria-expanded', 'true');
    await keypad.getByRole('button', { name: 'Key 5', exact: true }).click();
    await expect
      .poll(() => inDialog().find((message) => message.method === 'INFO')?.text ?? '')
      .toMatch(/application\/dtmf-relay[\s\S]*Signal=5/);

    await call.getByRole('button', { name: 'Hang up' }).click();
    const finished = await finishedCall(portal, callId);
    expect(finished.finish).toMatchObject({ STATUS_CODE: '200' });
  } finally {
    await uas.stop();
    await capture.close();
  }
});

test('a hold the far end refuses leaves the call active and says so', async ({ rig, startAgent }) => {
  const uas = await startUas({ rig, behaviour: 'answer', scenarioFile: refuseReinvite });
  try {
    const { page } = await startAgent('101');
    await dial(page, '7000');
    const call = inCallView(page);
    await expect(call.getByLabel('Media direction')).toHaveAttribute('data-direction', 'sendrecv');
    await call.getByRole('button', { name: 'Hold' }).click();
    await expect(call.getByRole('alert')).toHaveText('Hold failed (488): the call is still active');
    await expect(call.getByRole('status').first()).toHaveText('In call');
    await expect(call.getByRole('button', { name: 'Hold' })).toHaveAttribute('aria-pressed', 'false');
    await expect(call.getByLabel('Media direction')).toHaveAttribute('data-direction', 'sendrecv');
    // The next re-INVITE is not a hold in disguise.
    await call.getByRole('button', { name: 'Hold' }).click();
    await expect.poll(() => uas.messages().filter((message) => message.method === 'INVITE').length).toBe(3);
    expect(uas.messages().filter((message) => message.method === 'INVITE')[2]?.text).toContain('a=sendonly');
    await call.getByRole('button', { name: 'Hang up' }).click();
  } finally {
    await uas.stop();
  }
});
