import { placeCall } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';
import { inCallView } from './support/phone-ui';

/**
 * Every call action from the keyboard: Alt+A answers, Alt+H holds and resumes, Alt+M mutes,
 * Alt+K opens the keypad, Alt+E hangs up, Alt+N goes to the number field - and each control names
 * its shortcut for screen readers.
 */

test('a call handled from the keyboard alone', async ({ rig, startAgent }) => {
  const { page } = await startAgent('101');
  const call = await placeCall({ rig, to: '101', talkMs: 30_000 });
  const incoming = page.getByRole('region', { name: 'Incoming call' });
  await expect(incoming.getByRole('button', { name: 'Answer' })).toHaveAttribute(
    'aria-keyshortcuts',
    'Alt+A',
  );
  await page.keyboard.press('Alt+KeyA');

  const view = inCallView(page);
  await expect(view.getByRole('status').first()).toHaveText('In call');
  await page.keyboard.press('Alt+KeyH');
  await expect(view.getByRole('status').first()).toHaveText('On hold');
  await page.keyboard.press('Alt+KeyH');
  await expect(view.getByRole('status').first()).toHaveText('In call');
  await page.keyboard.press('Alt+KeyM');
  await expect(view.getByRole('button', { name: 'Unmute' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Alt+KeyM');

  await page.keyboard.press('Alt+KeyK');
  await expect(view.getByRole('group', { name: 'Send tones (DTMF)' })).toBeVisible();

  await expect(view.getByRole('button', { name: 'Hang up' })).toHaveAttribute('aria-keyshortcuts', 'Alt+E');
  await page.keyboard.press('Alt+KeyE');
  await expect(page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();
  const result = await call.done;
  expect(result.exitCode).toBe(0);
  expect(result.timeline.bye?.direction).toBe('received');

  // Alt+N puts the cursor in the number field.
  await page.keyboard.press('Alt+KeyN');
  await expect(page.getByLabel('Number to call')).toBeFocused();
});
