import { probeDuration, rms, steadyToneShare, windows } from '../support/audio-analysis';
import { expect, test } from './support/fixtures';
import { inCallView } from './support/phone-ui';
import { agentHz, answeredToneCall, attachedRecording, customerHz } from './support/recorded-call';

/**
 * Issue 7's promise on the real stack: sipp plays a known tone as the customer while the agent's
 * fake microphone plays another; after the hangup Bitrix24 (the emulator) holds exactly one
 * recording for the call's CALL_ID, attached after its finish, an MP3 as long as the talk time,
 * with the agent's tone on the left channel and the customer's on the right - also across a hold,
 * which is silence in the file, not a gap.
 */

test('a recorded call: one stereo MP3 attached after the finish, agent left, customer right', async ({
  rig,
  portal,
  startAgent,
}, testInfo) => {
  const { agent, call } = await answeredToneCall({ rig, startAgent, testInfo }, { talkMs: 6_000 });
  const { page } = agent;
  await expect(page.getByRole('status', { name: 'Recording' })).toHaveText(/Recording/);

  const result = await call.done;
  expect(result.exitCode).toBe(0);
  const talkSeconds = (result.timeline.talkMs ?? NaN) / 1000;

  const { file, pcm } = await attachedRecording(portal, call.callId, testInfo.outputPath('recording.mp3'));
  const duration = probeDuration(file);
  testInfo.annotations.push({ type: 'durations', description: `file ${duration} s, talk ${talkSeconds} s` });
  expect(Math.abs(duration - talkSeconds)).toBeLessThan(0.5);

  // Skip the first half second (connection set-up) and judge the rest.
  const from = pcm.sampleRate / 2;
  const left = pcm.left.subarray(from);
  const right = pcm.right.subarray(from);
  const shares = {
    leftAgent: steadyToneShare(left, pcm.sampleRate, agentHz),
    leftCustomer: steadyToneShare(left, pcm.sampleRate, customerHz),
    rightCustomer: steadyToneShare(right, pcm.sampleRate, customerHz),
    rightAgent: steadyToneShare(right, pcm.sampleRate, agentHz),
  };
  testInfo.annotations.push({
    type: 'channels',
    description: JSON.stringify({ ...shares, leftRms: rms(left), rightRms: rms(right) }),
  });
  expect(rms(left)).toBeGreaterThan(0.01);
  expect(rms(right)).toBeGreaterThan(0.01);
  expect(shares.leftAgent).toBeGreaterThan(0.5);
  expect(shares.leftCustomer).toBeLessThan(0.05);
  expect(shares.rightCustomer).toBeGreaterThan(0.5);
  expect(shares.rightAgent).toBeLessThan(0.05);

  // The history lists the call with its recording, playable.
  await page.getByRole('button', { name: 'History' }).click();
  await page
    .getByRole('button', { name: /Play recording/ })
    .first()
    .click();
  // The player holds the file read back from the host: the browser decodes it to the same length.
  const player = page.getByLabel('Call recording');
  await expect
    .poll(() => player.evaluate((audio: { duration: number }) => audio.duration), { timeout: 10_000 })
    .toBeGreaterThan(0);
  const played = await player.evaluate((audio: { duration: number }) => audio.duration);
  expect(Math.abs(played - duration)).toBeLessThan(0.2);
});

test('a hold is silence in the recording, not a gap: the file still lasts the whole talk time', async ({
  rig,
  portal,
  startAgent,
}, testInfo) => {
  const { agent, call } = await answeredToneCall({ rig, startAgent, testInfo }, { talkMs: 9_000 });
  const { page } = agent;
  const view = inCallView(page);
  await expect(page.getByRole('status', { name: 'Recording' })).toHaveText(/Recording/);
  await page.waitForTimeout(2_000);
  await view.getByRole('button', { name: 'Hold' }).click();
  await expect(view.getByRole('status').first()).toHaveText('On hold');
  const heldAt = Date.now();
  await page.waitForTimeout(3_000);
  await view.getByRole('button', { name: 'Resume' }).click();
  await expect(view.getByRole('status').first()).toHaveText('In call');
  const heldSeconds = (Date.now() - heldAt) / 1000;

  const result = await call.done;
  expect(result.exitCode).toBe(0);
  const talkSeconds = (result.timeline.talkMs ?? NaN) / 1000;
  const { file, pcm } = await attachedRecording(portal, call.callId, testInfo.outputPath('recording.mp3'));
  const duration = probeDuration(file);

  // 100 ms windows: the longest run in which both channels are silent is the hold.
  const left = windows(pcm.left, pcm.sampleRate, 100);
  const right = windows(pcm.right, pcm.sampleRate, 100);
  const silent = left.map((window, index) => rms(window) < 0.002 && rms(right[index]!) < 0.002);
  let longest = { start: 0, length: 0 };
  for (let start = 0; start < silent.length;) {
    let end = start;
    while (end < silent.length && silent[end]) end += 1;
    if (end - start > longest.length) longest = { start, length: end - start };
    start = end + 1;
  }
  const after = {
    left: left.slice(longest.start + longest.length + 5),
    right: right.slice(longest.start + longest.length + 5),
  };
  const before = { left: left.slice(5, longest.start), right: right.slice(5, longest.start) };
  testInfo.annotations.push({
    type: 'hold',
    description: JSON.stringify({
      duration,
      talkSeconds,
      heldSeconds,
      silentSeconds: longest.length / 10,
      silentFrom: longest.start / 10,
    }),
  });
  expect(Math.abs(duration - talkSeconds)).toBeLessThan(0.5);
  expect(Math.abs(longest.length / 10 - heldSeconds)).toBeLessThan(0.7);
  // Both sides are heard before and after the hold, each on its own channel.
  for (const part of [before, after]) {
    expect(part.left.length).toBeGreaterThan(10);
    const joined = (list: Float32Array[]) => Float32Array.from(list.flatMap((window) => [...window]));
    expect(steadyToneShare(joined(part.left), pcm.sampleRate, agentHz)).toBeGreaterThan(0.5);
    expect(steadyToneShare(joined(part.right), pcm.sampleRate, customerHz)).toBeGreaterThan(0.5);
  }
});
