import { fileURLToPath } from 'node:url';
import { placeCall } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';
import { finishedCall, sipStatus } from './support/phone-ui';

/**
 * Bad input from the PBX side never breaks the app: odd headers are cleaned for display and for
 * Bitrix24, an offer with no codec we know is refused at once (488) instead of ringing, a late
 * offer (INVITE without SDP) ends cleanly either way - and after each, the phone is still
 * registered and the next call rings.
 */

const scenario = (name: string) => fileURLToPath(new URL(`scenarios/${name}.xml`, import.meta.url));

test('odd headers, an unknown codec and a missing SDP never break the phone', async ({
  rig,
  portal,
  startAgent,
}) => {
  const { page } = await startAgent('101');
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const incoming = page.getByRole('region', { name: 'Incoming call' });

  // Odd headers: the call rings with a clean number and a bounded name; the agent declines it.
  const odd = await placeCall({ rig, to: '101', scenarioFile: scenario('uac-odd-headers') });
  await expect(incoming.getByLabel('Caller number')).toHaveText('+74951234567');
  const name = (await incoming.getByLabel('Caller name').textContent()) ?? '';
  expect(name.length).toBeLessThanOrEqual(100);
  expect(name).toContain('Петров');
  await expect(incoming.getByText(/Answering automatically/)).toHaveCount(0);
  await incoming.getByRole('button', { name: 'Decline' }).click();
  expect((await odd.done).exitCode).toBe(0);
  const declined = await finishedCall(portal, odd.callId);
  expect(declined.finish).toMatchObject({ STATUS_CODE: '603' });
  // The called-line header was cut to what Bitrix24 takes.
  expect(String(declined.register['LINE_NUMBER']).length).toBeLessThanOrEqual(64);

  // Only an unknown codec: refused with 488 without ringing, and logged with the reason.
  const mystery = await placeCall({ rig, to: '101', scenarioFile: scenario('uac-refused-offer') });
  expect((await mystery.done).exitCode).toBe(0);
  await expect(page.getByText(/Last call: \+74951234567 — The caller offered no audio format/)).toBeVisible();
  expect((await finishedCall(portal, mystery.callId)).finish).toMatchObject({ STATUS_CODE: 'OTHER' });

  // A late offer: answered, and over cleanly one way or the other.
  const late = await placeCall({ rig, to: '101', scenarioFile: scenario('uac-no-sdp'), talkMs: 2_000 });
  await incoming.getByRole('button', { name: 'Answer' }).click();
  await expect(page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible({ timeout: 15_000 });
  expect((await late.done).exitCode).toBe(0);

  // Still registered, and a normal call rings.
  await expect(sipStatus(page)).toContainText('registered');
  const normal = await placeCall({ rig, to: '101', scenario: 'cancel', ringMs: 1_000 });
  await expect(incoming.getByLabel('Caller number')).toHaveText('+74951234567');
  expect((await normal.done).exitCode).toBe(0);
  expect(errors).toEqual([]);
});
