import { startUas, type SippUas } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';
import { dial, expectAudio, finishedCall, finishedCallTo, inCallView } from './support/phone-ui';

/**
 * Calls from the dialpad to the outside world (sipp UAS slots of the rig): the number is
 * normalised and dialled as E.164, each outcome is shown to the agent in words and reaches
 * Bitrix24 with its status code, and the history finds a call and calls it back; a number the dial
 * rules refuse never becomes an INVITE.
 */

test('outgoing calls: answered, busy, not found, not answered - each shown and finished with its code', async ({
  rig,
  portal,
  startAgent,
}) => {
  const uases: SippUas[] = [];
  try {
    uases.push(await startUas({ rig, behaviour: 'answer', ringMs: 300, echoRtp: true }));
    uases.push(await startUas({ rig, behaviour: 'busy' }));
    uases.push(await startUas({ rig, behaviour: 'not-found' }));
    uases.push(await startUas({ rig, behaviour: 'no-answer' }));
    const [answering] = uases;
    const agent = await startAgent('101');
    const { page } = agent;

    // Answered: typed the national way, dialled as E.164, audio comes back (the UAS echoes it).
    await dial(page, '8 (916) 123-45-67');
    const call = inCallView(page);
    await expect(call.getByLabel('Caller number')).toHaveText('+79161234567');
    await expectAudio(page);
    // (Kamailio may still retransmit a request of an earlier test to this port: pick ours.)
    const invite = await answering?.waitForMessage(
      (message) => message.method === 'INVITE' && message.text.startsWith('INVITE sip:+79161234567@'),
    );
    expect(invite).toBeDefined();
    await call.getByRole('button', { name: 'Hang up' }).click();
    await expect(page.getByText('Last call: +79161234567 — You hung up')).toBeVisible();
    const answered = await finishedCall(portal, invite?.callId ?? '');
    expect(answered.register).toMatchObject({
      TYPE: '1',
      PHONE_NUMBER: '+79161234567',
      USER_ID: String(agent.userId),
    });
    expect(answered.finish).toMatchObject({ STATUS_CODE: '200' });

    // Busy, not found: the far end's answer in words, and its Bitrix24 status code.
    for (const [number, text, status] of [
      ['7100', 'Busy (486)', '486'],
      ['7200', 'Number not found (404)', '404'],
    ] as const) {
      await dial(page, number);
      await expect(page.getByText(`Last call: ${number} — ${text}`)).toBeVisible();
      const rejected = await finishedCallTo(portal, number);
      expect(rejected.register).toMatchObject({ TYPE: '1' });
      expect(rejected.finish).toMatchObject({
        STATUS_CODE: status,
        DURATION: '0',
      });
    }

    // Not answered: it rings at the far end until the agent gives up.
    await dial(page, '7300');
    await expect(call.getByText('Ringing…')).toBeVisible();
    await call.getByRole('button', { name: 'Cancel call' }).click();
    await expect(page.getByText('Last call: 7300 — Cancelled')).toBeVisible();
    expect((await finishedCallTo(portal, '7300')).finish).toMatchObject({
      STATUS_CODE: '603-S',
      DURATION: '0',
    });

    // The history finds a call by any part of its number, and calls it back.
    await page.getByRole('button', { name: 'History' }).click();
    const history = page.getByRole('region', { name: 'Call history' });
    await history.getByLabel('Search calls by number').fill('916 123');
    await expect(history.getByRole('listitem')).toHaveCount(1);
    await history.getByRole('button', { name: 'Call +79161234567 back' }).click();
    await expect(call.getByLabel('Caller number')).toHaveText('+79161234567');
    await expectAudio(page);
    await call.getByRole('button', { name: 'Hang up' }).click();
  } finally {
    await Promise.all(uases.map((uas) => uas.stop()));
  }
});

test('not answered: the far end rings until the PBX gives up (408), shown as such and finished as 480', async ({
  rig,
  portal,
  startAgent,
}) => {
  const uas = await startUas({ rig, behaviour: 'no-answer' });
  try {
    const { page } = await startAgent('101');
    await dial(page, '7301');
    const call = inCallView(page);
    await expect(call.getByText('Ringing…')).toBeVisible();
    // The rig's PBX gives up after 8 s of ringing (its ring timeout for 73xx).
    await expect(page.getByText('Last call: 7301 — No answer (408)')).toBeVisible({ timeout: 15_000 });
    const unanswered = await finishedCallTo(portal, '7301');
    expect(unanswered.register).toMatchObject({ TYPE: '1' });
    expect(unanswered.finish).toMatchObject({ STATUS_CODE: '480', DURATION: '0' });
  } finally {
    await uas.stop();
  }
});

test('a number the dial rules refuse is explained and never dialled', async ({ rig, portal, startAgent }) => {
  const uas = await startUas({ rig, behaviour: 'answer' });
  try {
    const { page } = await startAgent('101');
    const dialpad = page.getByRole('form', { name: 'Dialpad' });
    for (const [typed, message] of [
      ['+7 916 CALL-ME', 'A number may contain only digits, spaces, dashes, brackets and a leading +'],
      ['+7 916', 'This is not a phone number that can be dialled'],
      ['', 'Type a number to call'],
    ] as const) {
      await dial(page, typed);
      await expect(dialpad.getByRole('alert')).toHaveText(message);
      await expect(dialpad.getByLabel('Number to call')).toHaveAttribute('aria-invalid', 'true');
    }
    // Typing again clears the message.
    await dialpad.getByLabel('Number to call').fill('7');
    await expect(dialpad.getByRole('alert')).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Call in progress' })).toHaveCount(0);
    // No new call reached the outside world (a re-INVITE of an earlier test may still be retransmitted).
    expect(uas.messages().filter((message) => /^INVITE sip:[^@\s]+@/.test(message.text))).toHaveLength(0);
    expect(await portal.calls()).toHaveLength(0);
  } finally {
    await uas.stop();
  }
});

/** The page's globals the microphone test touches (the Node typings know no DOM). */
type MediaWindow = typeof globalThis & {
  navigator: { mediaDevices: { getUserMedia(constraints: unknown): Promise<unknown> } };
  DOMException: new (message: string, name: string) => Error;
};

test('a microphone the browser refuses: the call fails in words, no INVITE leaves, Bitrix24 gets it as failed', async ({
  rig,
  portal,
  startAgent,
}) => {
  const uas = await startUas({ rig, behaviour: 'answer' });
  try {
    const { page } = await startAgent('101');
    // The agent (or the system's privacy settings) refuses the microphone from now on.
    await page.evaluate(() => {
      const page = globalThis as MediaWindow;
      page.navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new page.DOMException('Permission denied', 'NotAllowedError'));
    });
    await dial(page, uas.number);
    await expect(
      page.getByText(`Last call: ${uas.number} — The microphone could not be opened`),
    ).toBeVisible();
    expect(uas.messages().filter((message) => /^INVITE sip:[^@\s]+@/.test(message.text))).toHaveLength(0);
    const failed = await finishedCallTo(portal, uas.number);
    expect(failed.finish).toMatchObject({
      STATUS_CODE: 'OTHER',
      FAILED_REASON: 'The microphone could not be opened',
      DURATION: '0',
    });
  } finally {
    await uas.stop();
  }
});
