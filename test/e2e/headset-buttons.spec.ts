import { mkdirSync } from 'node:fs';
import { placeCall } from '../../sandbox/pbx/sipp';
import { expect, test as base } from './support/fixtures';
import { startMediaKeys, type MediaKeys } from './support/media-keys';
import { expectAudio, finishedCall, inCallView, incomingView } from './support/phone-ui';

/**
 * The headset's call button as Chromium receives it on Linux: a media key through MPRIS on the
 * session bus (what the desktop's key daemon, or BlueZ for a Bluetooth headset, sends), delivered
 * to the page's Media Session. One press answers the ringing call, the next hangs it up - seen by
 * the agent, by the caller (sipp receives our BYE) and by Bitrix24 (the portal emulator's finish
 * with the talk time between the presses). With the setting off the page does not take the keys.
 */

const caller = '+74951234567';
/**
 * The session bus and its media keys, set up before the agent (the test names it first) so that
 * it is stopped after the agent's browser: Chromium does not outlive its session bus.
 */
const test = base.extend<{ keys: MediaKeys }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a pattern.
  keys: async ({}, use, testInfo) => {
    const directory = testInfo.outputPath('media-keys');
    mkdirSync(directory, { recursive: true });
    const keys = await startMediaKeys(directory);
    await use(keys);
    await keys.stop();
  },
});

test('the headset’s call button answers the ringing call, and the next press hangs it up', async ({
  keys,
  rig,
  portal,
  startAgent,
}) => {
  const agent = await startAgent('101', { browserEnv: { DBUS_SESSION_BUS_ADDRESS: keys.address } });
  const { page } = agent;
  const call = await placeCall({ rig, to: '101', from: caller, talkMs: 30_000 });
  await expect(incomingView(page).getByLabel('Caller number')).toHaveText(caller);

  await keys.press('PlayPause');
  const view = inCallView(page);
  await expect(view.getByRole('status').first()).toHaveText('In call');
  await expectAudio(page);

  await keys.press('PlayPause');
  await expect(page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();
  const result = await call.done;
  expect(result.exitCode).toBe(0);
  // The caller heard the agent hang up: the BYE came from the app, long before sipp's own.
  expect(result.timeline.bye?.direction).toBe('received');
  const talkSeconds = (result.timeline.talkMs ?? NaN) / 1000;
  expect(talkSeconds).toBeLessThan(30);

  const finished = await finishedCall(portal, call.callId);
  expect(finished.finishRequests).toHaveLength(1);
  expect(finished.finish).toMatchObject({ STATUS_CODE: '200', USER_ID: String(agent.userId) });
  expect(Math.abs(Number(finished.finish?.['DURATION']) - talkSeconds)).toBeLessThanOrEqual(1);
});

test('the key Stop hangs up too', async ({ keys, rig, portal, startAgent }) => {
  const { page } = await startAgent('101', { browserEnv: { DBUS_SESSION_BUS_ADDRESS: keys.address } });
  const call = await placeCall({ rig, to: '101', from: caller, talkMs: 30_000 });
  await incomingView(page).getByRole('button', { name: 'Answer' }).click();
  await expect(inCallView(page).getByRole('status').first()).toHaveText('In call');

  await keys.press('Stop');
  await expect(page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();
  const result = await call.done;
  expect(result.timeline.bye?.direction).toBe('received');
  expect((await finishedCall(portal, call.callId)).finish).toMatchObject({ STATUS_CODE: '200' });
});

test('turned off in the settings, the page does not take the media keys', async ({
  keys,
  rig,
  portal,
  startAgent,
}) => {
  const { page } = await startAgent('101', { browserEnv: { DBUS_SESSION_BUS_ADDRESS: keys.address } });
  await page.getByRole('button', { name: 'Settings' }).click();
  const option = page.getByRole('checkbox', {
    name: 'The headset’s call button and the media keys answer and hang up',
  });
  await expect(option).toBeChecked();
  await option.uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('button', { name: 'Phone' }).click();

  const call = await placeCall({ rig, to: '101', from: caller, scenario: 'cancel', ringMs: 6_000 });
  const incoming = incomingView(page);
  await expect(incoming.getByLabel('Caller number')).toHaveText(caller);
  // Chromium offers the desktop no player for the page (with the setting on, one is there within
  // a second of the ring), so a press goes to other applications and the call rings on.
  await page.waitForTimeout(2_000);
  expect(await keys.players()).toEqual([]);
  await expect(incoming.getByRole('button', { name: 'Answer' })).toBeVisible();

  expect((await call.done).exitCode).toBe(0);
  expect((await finishedCall(portal, call.callId)).finish).toMatchObject({ STATUS_CODE: '304' });
});
