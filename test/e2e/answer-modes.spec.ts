import { placeCall } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';
import { finishedCall, inCallView } from './support/phone-ui';

/**
 * Calls answered or refused without the agent: auto-answer when the PBX asks for it in a header
 * (paging, intercom), and Do Not Disturb, which refuses calls as busy (486) and is logged in
 * Bitrix24 as such.
 */

test('a call the PBX marks for auto-answer is answered without a click', async ({
  rig,
  portal,
  startAgent,
}) => {
  const { page } = await startAgent('101');
  const call = await placeCall({
    rig,
    to: '101',
    talkMs: 2_000,
    headers: { 'Call-Info': '<sip:127.0.0.1>;answer-after=0' },
  });
  await expect(inCallView(page).getByLabel('Caller number')).toHaveText('+74951234567');
  const result = await call.done;
  expect(result.exitCode).toBe(0);
  expect(result.timeline.final?.status).toBe(200);
  expect((await finishedCall(portal, call.callId)).finish).toMatchObject({ STATUS_CODE: '200' });

  // Alert-Info (Polycom/Yealink style) with a delay: the agent sees the countdown first.
  const delayed = await placeCall({
    rig,
    to: '101',
    talkMs: 1_000,
    headers: { 'Alert-Info': '<http://www.notused.com>;info=alert-autoanswer;delay=2' },
  });
  await expect(
    page.getByRole('region', { name: 'Incoming call' }).getByText(/Answering automatically in \d s/),
  ).toBeVisible();
  await expect(inCallView(page)).toBeVisible({ timeout: 5_000 });
  expect((await delayed.done).exitCode).toBe(0);
});

test('Do Not Disturb refuses calls as busy, and they are logged as such', async ({
  rig,
  portal,
  startAgent,
}) => {
  const { page } = await startAgent('101');
  await page.getByRole('switch', { name: 'Do not disturb' }).check();
  await expect(page.getByText('Do not disturb is on: calls are refused as busy')).toBeVisible();

  const call = await placeCall({ rig, to: '101', talkMs: 1_000 });
  const result = await call.done;
  expect(result.timeline.final?.status).toBe(486);
  await expect(page.getByText('Last call: +74951234567 — Refused as busy')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Incoming call' })).toHaveCount(0);
  const refused = await finishedCall(portal, call.callId);
  expect(refused.register).toMatchObject({ TYPE: '2' });
  expect(refused.finish).toMatchObject({ STATUS_CODE: '486', DURATION: '0' });

  // DND is a setting: it survives a reload, and turning it off lets calls ring again.
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Do not disturb' })).toBeChecked();
  await page.getByRole('switch', { name: 'Do not disturb' }).uncheck();
  const next = await placeCall({ rig, to: '101', talkMs: 1_000 });
  // It rings again; the agent refuses this one as busy by hand.
  await page.getByRole('region', { name: 'Incoming call' }).getByRole('button', { name: 'Busy' }).click();
  expect((await next.done).timeline.final?.status).toBe(486);
  expect((await finishedCall(portal, next.callId)).finish).toMatchObject({ STATUS_CODE: '486' });
});
