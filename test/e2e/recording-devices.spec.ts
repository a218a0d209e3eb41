import type { Page } from '@playwright/test';
import { probeDuration, rms, steadyToneShare, windows } from '../support/audio-analysis';
import { expect, test } from './support/fixtures';
import { inCallView } from './support/phone-ui';
import { agentHz, answeredToneCall, attachedRecording, customerHz } from './support/recorded-call';

/**
 * Device hot-swap during a recorded call: the headset is unplugged (the microphone track the call
 * uses ends, the browser fires devicechange), the phone opens the microphone again and swaps the
 * track. The recorder rebuilds its sources and keeps its file: one recording, as long as the talk
 * time, with the agent's voice on the left channel after the swap too (a recorder still on the
 * dead track would record silence from then on).
 */

/** The page's globals this spec touches (the Node typings know no DOM). */
interface Stream {
  getAudioTracks(): Array<{ stop(): void }>;
}
type MicrophoneWindow = typeof globalThis & {
  microphones: Stream[];
  navigator: {
    mediaDevices: {
      getUserMedia(constraints: unknown): Promise<Stream>;
      dispatchEvent(event: unknown): boolean;
    };
  };
  Event: new (type: string) => unknown;
};

/** Keeps every microphone stream the page opens, so the test can "unplug" the one in use. */
async function watchMicrophones(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const page = globalThis as MicrophoneWindow;
    const devices = page.navigator.mediaDevices;
    const open = devices.getUserMedia.bind(devices);
    page.microphones = [];
    devices.getUserMedia = async (constraints) => {
      const stream = await open(constraints);
      page.microphones.push(stream);
      return stream;
    };
  });
}

test('a microphone swapped mid-call: the same recording goes on, with the agent on the left after the swap', async ({
  rig,
  portal,
  startAgent,
}, testInfo) => {
  const { agent, call } = await answeredToneCall(
    { rig, startAgent, testInfo },
    {
      agent: { beforeLoad: watchMicrophones },
      talkMs: 8_000,
    },
  );
  const { page } = agent;
  await expect(page.getByRole('status', { name: 'Recording' })).toHaveText(/Recording/);
  await page.waitForTimeout(2_500);

  // Unplugged: the track in use ends and the system says the devices changed.
  const opened = await page.evaluate(() => {
    const page = globalThis as MicrophoneWindow;
    for (const track of page.microphones.at(-1)?.getAudioTracks() ?? []) track.stop();
    page.navigator.mediaDevices.dispatchEvent(new page.Event('devicechange'));
    return page.microphones.length;
  });
  await expect(inCallView(page).getByRole('alert')).toContainText('Microphone switched');
  expect(await page.evaluate(() => (globalThis as MicrophoneWindow).microphones.length)).toBe(opened + 1);

  const result = await call.done;
  expect(result.exitCode).toBe(0);
  const talkSeconds = (result.timeline.talkMs ?? NaN) / 1000;
  const { file, pcm } = await attachedRecording(portal, call.callId, testInfo.outputPath('recording.mp3'));
  const duration = probeDuration(file);
  expect(Math.abs(duration - talkSeconds)).toBeLessThan(0.5);

  // The last three seconds (the swap was at about 2.5 s of 8): the agent on the left, throughout.
  const tail = (samples: Float32Array) =>
    samples.subarray(samples.length - pcm.sampleRate * 3.3, samples.length - pcm.sampleRate * 0.3);
  const left = tail(pcm.left);
  const quiet = windows(left, pcm.sampleRate, 100).filter((window) => rms(window) < 0.005).length;
  testInfo.annotations.push({
    type: 'after the swap',
    description: JSON.stringify({
      duration,
      talkSeconds,
      quietWindows: quiet,
      leftAgent: steadyToneShare(left, pcm.sampleRate, agentHz),
      rightCustomer: steadyToneShare(tail(pcm.right), pcm.sampleRate, customerHz),
    }),
  });
  expect(quiet).toBe(0);
  expect(steadyToneShare(left, pcm.sampleRate, agentHz)).toBeGreaterThan(0.5);
  expect(steadyToneShare(tail(pcm.right), pcm.sampleRate, customerHz)).toBeGreaterThan(0.5);
});
