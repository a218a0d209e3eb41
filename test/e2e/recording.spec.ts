import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { placeCall } from '../../sandbox/pbx/sipp';
import { decodeStereo, probeDuration, rms, toneShare } from '../support/audio-analysis';
import { expect, test } from './support/fixtures';

/**
 * Issue 7's promise on the real stack: sipp plays a known tone as the customer while the agent's
 * fake microphone plays another; after the hangup Bitrix24 (the emulator) holds exactly one
 * recording for the call's CALL_ID, attached after its finish, an MP3 as long as the talk time,
 * with the agent's tone on the left channel and the customer's on the right.
 */

const caller = '+74957654321';
const agentHz = 660;
const customerHz = 1_400;

test('a recorded call: one stereo MP3 attached after the finish, agent left, customer right', async ({
  rig,
  portal,
  startAgent,
}, testInfo) => {
  const agentWav = testInfo.outputPath('agent-tone.wav');
  const customerAlaw = testInfo.outputPath('customer-tone.alaw');
  execFileSync('sox', [
    '-n',
    '-r',
    '48000',
    '-c',
    '1',
    '-b',
    '16',
    agentWav,
    'synth',
    '60',
    'sine',
    String(agentHz),
    'vol',
    '0.5',
  ]);
  execFileSync('sox', [
    '-n',
    '-r',
    '8000',
    '-c',
    '1',
    '-e',
    'a-law',
    '-t',
    'raw',
    customerAlaw,
    'synth',
    '10',
    'sine',
    String(customerHz),
    'vol',
    '0.5',
  ]);

  const agent = await startAgent('101', { fakeAudioWav: agentWav });
  const { page } = agent;
  const call = await placeCall({ rig, to: '101', from: caller, talkMs: 6_000, audio: customerAlaw });
  const incoming = page.getByRole('region', { name: 'Incoming call' });
  await incoming.getByRole('button', { name: 'Answer' }).click();
  await expect(page.getByRole('status', { name: 'Recording' })).toHaveText(/Recording/);

  const result = await call.done;
  expect(result.exitCode).toBe(0);
  const talkSeconds = (result.timeline.talkMs ?? NaN) / 1000;

  await expect
    .poll(async () => (await portal.callsWithExternalId(call.callId))[0]?.records.length ?? 0, {
      timeout: 20_000,
    })
    .toBe(1);
  const [held] = await portal.callsWithExternalId(call.callId);
  const attached = held!.attachRecordRequests as Array<{ at: string; outcome: string }>;
  expect(attached).toHaveLength(1);
  expect(attached[0]!.outcome).toBe('ok');
  expect(Date.parse(attached[0]!.at)).toBeGreaterThanOrEqual(Date.parse(held!.finishedAt!));
  const record = held!.records[0] as { url: string; format: string; FILENAME: string };
  expect(record.format).toBe('mp3');

  const file = testInfo.outputPath('recording.mp3');
  writeFileSync(file, Buffer.from(await (await fetch(record.url)).arrayBuffer()));
  const duration = probeDuration(file);
  testInfo.annotations.push({ type: 'durations', description: `file ${duration} s, talk ${talkSeconds} s` });
  expect(Math.abs(duration - talkSeconds)).toBeLessThan(0.5);

  const pcm = decodeStereo(file);
  // Skip the first half second (connection set-up) and judge the rest.
  const from = pcm.sampleRate / 2;
  const left = pcm.left.subarray(from);
  const right = pcm.right.subarray(from);
  const shares = {
    leftAgent: toneShare(left, pcm.sampleRate, agentHz),
    leftCustomer: toneShare(left, pcm.sampleRate, customerHz),
    rightCustomer: toneShare(right, pcm.sampleRate, customerHz),
    rightAgent: toneShare(right, pcm.sampleRate, agentHz),
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
  await expect(page.getByRole('button', { name: /Play recording/ }).first()).toBeVisible();
});
