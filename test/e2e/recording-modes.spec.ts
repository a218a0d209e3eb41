import { defaultSettings } from '../../common/settings/settings';
import { placeCall } from '../../sandbox/pbx/sipp';
import { probeDuration, rms, steadyToneShare, windows } from '../support/audio-analysis';
import { expect, test } from './support/fixtures';
import { finishedCall, inCallView } from './support/phone-ui';
import { agentHz, answeredToneCall, attachedRecording, customerHz } from './support/recorded-call';

/**
 * The recording modes on the real stack. On demand: nothing is recorded until the agent presses
 * Record; Pause leaves the paused part out of the file (a deliberate gap, unlike a hold), Resume
 * goes on in the same file. Never: no Record button, and Bitrix24 gets the call without a recording.
 */

const recordingMode = (mode: 'on-demand' | 'never') => ({
  recording: { ...defaultSettings.recording, mode },
});

test('on demand: recorded from Record to the hangup, less the paused part, in one file', async ({
  rig,
  portal,
  startAgent,
}, testInfo) => {
  const { agent, call } = await answeredToneCall(
    { rig, startAgent, testInfo },
    {
      agent: { settings: recordingMode('on-demand') },
      talkMs: 11_000,
    },
  );
  const { page } = agent;
  const view = inCallView(page);
  const status = page.getByRole('status', { name: 'Recording' });
  await expect(view.getByRole('button', { name: 'Record', exact: true })).toBeVisible();
  await page.waitForTimeout(2_000);
  await expect(status).toHaveCount(0);

  await view.getByRole('button', { name: 'Record', exact: true }).click();
  const recordAt = Date.now();
  await expect(status).toHaveText('● Recording');
  await page.waitForTimeout(3_000);
  await view.getByRole('button', { name: 'Pause recording' }).click();
  const pausedAt = Date.now();
  await expect(status).toHaveText('Recording paused');
  await page.waitForTimeout(2_500);
  await view.getByRole('button', { name: 'Resume recording' }).click();
  const resumedAt = Date.now();
  await expect(status).toHaveText('● Recording');

  const result = await call.done;
  expect(result.exitCode).toBe(0);
  const endedAt = result.timeline.bye!.at;
  const expected = (endedAt - recordAt - (resumedAt - pausedAt)) / 1000;
  const { file, pcm } = await attachedRecording(portal, call.callId, testInfo.outputPath('recording.mp3'));
  const duration = probeDuration(file);
  // The paused part is left out, not filled with silence: no silent stretch in the file.
  const left = windows(pcm.left, pcm.sampleRate, 100);
  const right = windows(pcm.right, pcm.sampleRate, 100);
  const silent = left.filter((window, index) => rms(window) < 0.002 && rms(right[index]!) < 0.002).length;
  testInfo.annotations.push({
    type: 'on demand',
    description: JSON.stringify({ duration, expected, silentWindows: silent }),
  });
  expect(Math.abs(duration - expected)).toBeLessThan(0.7);
  expect(silent).toBeLessThan(5);
  expect(steadyToneShare(pcm.left, pcm.sampleRate, agentHz)).toBeGreaterThan(0.5);
  expect(steadyToneShare(pcm.right, pcm.sampleRate, customerHz)).toBeGreaterThan(0.5);
});

test('never: no Record button, and the call reaches Bitrix24 without a recording', async ({
  rig,
  portal,
  startAgent,
}) => {
  const { page } = await startAgent('101', { settings: recordingMode('never') });
  const call = await placeCall({ rig, to: '101', from: '+74957654321', talkMs: 3_000 });
  await page.getByRole('region', { name: 'Incoming call' }).getByRole('button', { name: 'Answer' }).click();
  const view = inCallView(page);
  await expect(view.getByRole('button', { name: 'Hang up' })).toBeVisible();
  await expect(view.getByRole('button', { name: /Record/ })).toHaveCount(0);
  expect((await call.done).exitCode).toBe(0);
  const finished = await finishedCall(portal, call.callId);
  expect(finished.finish).toMatchObject({ STATUS_CODE: '200' });
  // Whatever an upload would take, it would have happened by the time the history is shown.
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByText('+74957654321').first()).toBeVisible();
  await page.waitForTimeout(2_000);
  const [held] = await portal.callsWithExternalId(call.callId);
  expect(held!.records).toHaveLength(0);
  expect(held!.attachRecordRequests).toHaveLength(0);
  await expect(page.getByRole('button', { name: /Play recording/ })).toHaveCount(0);
  expect(await page.getByRole('status', { name: 'Recording' }).count()).toBe(0);
});
