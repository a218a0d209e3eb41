import { probeDuration, steadyToneShare } from '../support/audio-analysis';
import { expect, test } from './support/fixtures';
import { agentHz, answeredToneCall, attachedRecording, customerHz } from './support/recorded-call';

/**
 * The host process killed mid-call (SIGKILL: no shutdown code runs) while the real renderer
 * records, then the app gone too (its page closed). At the next start the host finalizes the
 * partial recording, finishes the dangling call from its journal, and attaches the recording after
 * that finish: a playable MP3 up to about the last second before the crash, each side on its
 * channel.
 */

test('host killed mid-call: at the next start the partial recording is finalized, plays, and is attached after the finish', async ({
  rig,
  portal,
  startAgent,
}, testInfo) => {
  const { agent, call } = await answeredToneCall({ rig, startAgent, testInfo }, { talkMs: 30_000 });
  const { page } = agent;
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
