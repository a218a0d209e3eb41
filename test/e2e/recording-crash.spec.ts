import { placeCall } from '../../sandbox/pbx/sipp';
import { probeDuration, steadyToneShare } from '../support/audio-analysis';
import { toneAlaw, toneWav } from '../support/tones';
import { expect, test } from './support/fixtures';
import { attachedRecording } from './support/recorded-call';

/**
 * The host process killed mid-call (SIGKILL: no shutdown code runs) while the real renderer
 * records, then the app gone too (its page closed). At the next start the host finalizes the
 * partial recording, finishes the dangling call from its journal, and attaches the recording after
 * that finish: a playable MP3 up to about the last second before the crash, each side on its
 * channel.
 */

const agentHz = 660;
const customerHz = 1_400;

test('host killed mid-call: at the next start the partial recording is finalized, plays, and is attached after the finish', async ({
  rig,
  portal,
  startAgent,
}, testInfo) => {
  const agent = await startAgent('101', { fakeAudioWav: toneWav(testInfo.outputPath('agent.wav'), agentHz) });
  const { page } = agent;
  const audio = toneAlaw(testInfo.outputPath('customer.alaw'), customerHz);
  const call = await placeCall({ rig, to: '101', from: '+74957654321', talkMs: 30_000, audio });
  await page.getByRole('region', { name: 'Incoming call' }).getByRole('button', { name: 'Answer' }).click();
  const answeredAt = Date.now();
  await expect(page.getByRole('status', { name: 'Recording' })).toHaveText(/Recording/);
  await page.waitForTimeout(5_000);

  const host = agent.host();
  const killedAt = Date.now();
  process.kill(host.pid, 'SIGKILL');
  expect((await host.exited).signal).toBe('SIGKILL');
  await page.close();
  await call.stop();

  await agent.restartHost();
  const { file, pcm } = await attachedRecording(portal, call.callId, testInfo.outputPath('recovered.mp3'));
  const duration = probeDuration(file);
  const recordedFor = (killedAt - answeredAt) / 1000;
  testInfo.annotations.push({
    type: 'durations',
    description: `file ${duration} s, answer to kill ${recordedFor} s`,
  });
  // Chunks reach the disk every second: at most about the last second is lost.
  expect(duration).toBeGreaterThan(recordedFor - 1.6);
  expect(duration).toBeLessThan(recordedFor + 0.3);
  const from = pcm.sampleRate / 2;
  expect(steadyToneShare(pcm.left.subarray(from), pcm.sampleRate, agentHz)).toBeGreaterThan(0.5);
  expect(steadyToneShare(pcm.right.subarray(from), pcm.sampleRate, customerHz)).toBeGreaterThan(0.5);
});
