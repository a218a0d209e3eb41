import { writeFileSync } from 'node:fs';
import { placeCall } from '../../sandbox/pbx/sipp';
import { decodeStereo, rms, toneShare } from '../support/audio-analysis';
import { expect, test } from './support/fixtures';
import {
  announceDeviceChange,
  installMediaProbe,
  microphones,
  playing,
  unplugMicrophone,
} from './support/media-probe';
import { expectAudio, inCallView, incomingView } from './support/phone-ui';
import type { SipPeer } from './support/sip-peer';
import { writeToneWav } from './support/tone-file';

/**
 * The agent's audio devices on Chromium's fake devices (three microphones, three outputs): the
 * microphone unplugged mid-call (its track ends, devicechange fires) and another one chosen
 * mid-call, with other processing - each time the call's sender gets the new track (replaceTrack),
 * the customer hears the agent again and the recording goes on; and the ringtone on a device of
 * its own, apart from the call's speaker.
 */

const agentHz = 660;
/** The customer (a sip.js peer on 102) calls from an outside number: a customer call, recorded and in Bitrix24. */
const customerNumber = '+74951234567';

/** The customer's sound energy grows: they hear the agent. */
async function expectHeard(customer: SipPeer): Promise<void> {
  const before = (await customer.inboundAudio()).totalAudioEnergy;
  await expect
    .poll(async () => (await customer.inboundAudio()).totalAudioEnergy, { timeout: 10_000 })
    .toBeGreaterThan(before + 0.01);
}

test('a microphone unplugged and another chosen mid-call: the call moves to it, is heard, and the recording goes on', async ({
  portal,
  startAgent,
  openPeer,
}, testInfo) => {
  const customer = await openPeer('102', { from: customerNumber });
  const agent = await startAgent('101', {
    fakeAudioWav: writeToneWav(testInfo.outputPath('agent-tone.wav'), agentHz),
    beforeLoad: installMediaProbe,
  });
  const { page } = agent;
  await customer.startCall('101');
  await incomingView(page).getByRole('button', { name: 'Answer' }).click();
  const call = inCallView(page);
  await expectAudio(page);
  await expectHeard(customer);

  // Unplugged: the track ends and the customer hears nothing...
  await unplugMicrophone(page);
  await page.waitForTimeout(500);
  const silentFrom = (await customer.inboundAudio()).totalAudioEnergy;
  await page.waitForTimeout(1_000);
  expect((await customer.inboundAudio()).totalAudioEnergy - silentFrom).toBeLessThan(0.001);
  // ...until the device change moves the call to the microphone left (the system default).
  await announceDeviceChange(page);
  await expect(call.getByRole('alert')).toHaveText('Microphone switched to Fake Default Audio Input');
  await expectHeard(customer);

  // Another microphone, without echo cancellation, chosen during the call: it takes over at once.
  await page.getByRole('button', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Settings' });
  await form.getByLabel('Microphone').selectOption({ label: 'Fake Audio Input 2' });
  await form.getByLabel('Echo cancellation').uncheck();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(call.getByRole('alert')).toHaveText('Microphone switched to Fake Audio Input 2');
  await expectHeard(customer);
  const tracks = await microphones(page);
  expect(tracks.at(-1)).toMatchObject({
    label: 'Fake Audio Input 2',
    readyState: 'live',
    settings: { echoCancellation: false, noiseSuppression: true, autoGainControl: true },
  });
  // The microphones given up are released.
  expect(tracks.slice(0, -1).every((track) => track.readyState === 'ended')).toBe(true);

  await page.waitForTimeout(2_000);
  await call.getByRole('button', { name: 'Hang up' }).click();

  // The recording went on through both swaps: the agent's tone is on the left channel at the end.
  await expect
    .poll(
      async () =>
        (await portal.calls()).find((entry) => entry.register['PHONE_NUMBER'] === customerNumber)?.records
          .length ?? 0,
      { timeout: 20_000 },
    )
    .toBe(1);
  const recorded = (await portal.calls()).find((entry) => entry.register['PHONE_NUMBER'] === customerNumber);
  const record = recorded?.records[0] as { url: string };
  const file = testInfo.outputPath('recording.mp3');
  writeFileSync(file, Buffer.from(await (await fetch(record.url)).arrayBuffer()));
  const pcm = decodeStereo(file);
  const lastSeconds = pcm.left.subarray(pcm.left.length - Math.round(pcm.sampleRate * 1.5));
  expect(rms(lastSeconds)).toBeGreaterThan(0.01);
  expect(toneShare(lastSeconds, pcm.sampleRate, agentHz)).toBeGreaterThan(0.5);
});

test('the ringtone plays on the ringer device, the call on the speaker', async ({ rig, startAgent }) => {
  const { page } = await startAgent('101', { beforeLoad: installMediaProbe });
  await page.getByRole('button', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Settings' });
  // The headset keys keep a silent loop playing on the speaker during calls (headset-buttons.spec.ts):
  // off here, so what plays is only the ringtone and the call.
  await form.getByLabel(/headset/i).uncheck();
  // Chromium's fake outputs, beside "System default".
  await form.getByLabel('Speaker (calls)').selectOption({ index: 1 });
  await form.getByLabel('Ringtone plays on').selectOption({ index: 2 });
  const speaker = await form.getByLabel('Speaker (calls)').inputValue();
  const ringer = await form.getByLabel('Ringtone plays on').inputValue();
  expect(speaker).not.toBe(ringer);
  await form.getByRole('button', { name: 'Save' }).click();

  const call = await placeCall({ rig, to: '101', talkMs: 3_000 });
  const incoming = page.getByRole('region', { name: 'Incoming call' });
  await expect(incoming.getByLabel('Caller number')).toHaveText('+74951234567');
  await expect.poll(() => playing(page)).toEqual([{ sinkId: ringer, kind: 'tone' }]);

  await incoming.getByRole('button', { name: 'Answer' }).click();
  await expect.poll(() => playing(page)).toEqual([{ sinkId: speaker, kind: 'call' }]);
  expect((await call.done).exitCode).toBe(0);
});
