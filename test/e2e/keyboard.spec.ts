import { placeCall, startUas } from '../../sandbox/pbx/sipp';
import { unnamedControls } from './support/accessible-names';
import { expect, test } from './support/fixtures';
import { finishedCall, inCallView } from './support/phone-ui';

/**
 * Every call action from the keyboard: Alt+A answers, Alt+D declines, Alt+H holds and resumes,
 * Alt+M mutes, Alt+K opens the keypad, Alt+T the transfer form, Alt+E hangs up, Alt+N goes to the
 * number field, Alt+R redials - each control names its shortcut for screen readers, and no control
 * on any screen is left without a name.
 */

test('a call handled from the keyboard alone, every control named on the way', async ({
  rig,
  startAgent,
}) => {
  const { page } = await startAgent('101');
  expect(await unnamedControls(page)).toEqual([]);
  const call = await placeCall({ rig, to: '101', talkMs: 30_000 });
  const incoming = page.getByRole('region', { name: 'Incoming call' });
  await expect(incoming.getByRole('button', { name: 'Answer' })).toHaveAttribute(
    'aria-keyshortcuts',
    'Alt+A',
  );
  expect(await unnamedControls(page)).toEqual([]);
  await page.keyboard.press('Alt+KeyA');

  const view = inCallView(page);
  await expect(view.getByRole('status').first()).toHaveText('In call');
  expect(await unnamedControls(page)).toEqual([]);
  await page.keyboard.press('Alt+KeyH');
  await expect(view.getByRole('status').first()).toHaveText('On hold');
  await page.keyboard.press('Alt+KeyH');
  await expect(view.getByRole('status').first()).toHaveText('In call');
  await page.keyboard.press('Alt+KeyM');
  await expect(view.getByRole('button', { name: 'Unmute' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Alt+KeyM');

  await page.keyboard.press('Alt+KeyK');
  await expect(view.getByRole('group', { name: 'Send tones (DTMF)' })).toBeVisible();
  expect(await unnamedControls(page)).toEqual([]);
  await page.keyboard.press('Alt+KeyT');
  await expect(view.getByRole('form', { name: 'Transfer the call' })).toBeVisible();
  expect(await unnamedControls(page)).toEqual([]);

  await expect(view.getByRole('button', { name: 'Hang up' })).toHaveAttribute('aria-keyshortcuts', 'Alt+E');
  await page.keyboard.press('Alt+KeyE');
  await expect(page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();
  const result = await call.done;
  expect(result.exitCode).toBe(0);
  expect(result.timeline.bye?.direction).toBe('received');

  // Alt+N puts the cursor in the number field.
  await page.keyboard.press('Alt+KeyN');
  await expect(page.getByLabel('Number to call')).toBeFocused();

  // The other screens: settings and history.
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('form', { name: 'Settings' })).toBeVisible();
  expect(await unnamedControls(page)).toEqual([]);
  await page.getByRole('button', { name: 'Phone' }).click();
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('region', { name: 'Call history' })).toBeVisible();
  expect(await unnamedControls(page)).toEqual([]);
});

test('Alt+D declines a ringing call; Alt+R calls the last number again', async ({
  rig,
  portal,
  startAgent,
}) => {
  const uas = await startUas({ rig, behaviour: 'answer' });
  try {
    const { page } = await startAgent('101');
    const call = await placeCall({ rig, to: '101', talkMs: 5_000 });
    await expect(page.getByRole('region', { name: 'Incoming call' })).toBeVisible();
    await page.keyboard.press('Alt+KeyD');
    expect((await call.done).timeline.final?.status).toBe(603);
    expect((await finishedCall(portal, call.callId)).finish).toMatchObject({ STATUS_CODE: '603' });

    // Dialled once, hung up; Alt+R dials it again.
    const dialpad = page.getByRole('form', { name: 'Dialpad' });
    await dialpad.getByLabel('Number to call').fill('7000');
    await dialpad.getByRole('button', { name: 'Call', exact: true }).click();
    const view = inCallView(page);
    await expect(view.getByRole('status').first()).toHaveText('In call');
    await page.keyboard.press('Alt+KeyE');
    await expect(page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Redial 7000' })).toHaveAttribute(
      'aria-keyshortcuts',
      'Alt+R',
    );
    await page.keyboard.press('Alt+KeyR');
    await expect(view.getByLabel('Caller number')).toHaveText('7000');
    await expect(view.getByRole('status').first()).toHaveText('In call');
    await page.keyboard.press('Alt+KeyE');
    await expect(page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();
    await expect
      .poll(
        async () =>
          (await portal.calls()).filter((entry) => entry.register['PHONE_NUMBER'] === '7000').length,
      )
      .toBe(2);
  } finally {
    await uas.stop();
  }
});
