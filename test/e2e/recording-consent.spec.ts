import { defaultSettings } from '../../common/settings/settings';
import { captureRtpEvents } from '../../sandbox/pbx/rtp-events';
import { startUas } from '../../sandbox/pbx/sipp';
import { decodeAlaw, rms, steadyToneShare, toneShare, windows } from '../support/audio-analysis';
import { expect, test } from './support/fixtures';
import { dial, inCallView } from './support/phone-ui';
import { attachedRecording } from './support/recorded-call';
import { toneWav } from '../support/tones';

/**
 * The consent beep (settings: recording.consent = beep) on the real stack: the agent calls the
 * outside world (a sipp UAS whose media goes to an RTP sink here, i.e. exactly what the customer's
 * side receives after rtpengine). The customer hears the 1,400 Hz beep once, at the answer, over
 * the agent's voice, and the agent's voice afterwards (the microphone got its track back); the
 * recording holds the beep and the agent's tone on the left channel.
 */

const agentHz = 660;
const beepHz = 1_400;

test('consent beep: the customer hears it at the answer, then the agent again; the recording keeps both on the left', async ({
  rig,
  portal,
  startAgent,
}, testInfo) => {
  const capture = await captureRtpEvents({ address: rig.uasAddress });
  const uas = await startUas({ rig, behaviour: 'answer', rtpSinkPort: capture.port });
  try {
    const { page } = await startAgent('101', {
      fakeAudioWav: toneWav(testInfo.outputPath('agent.wav'), agentHz),
      settings: { recording: { ...defaultSettings.recording, consent: 'beep' } },
    });
    await dial(page, '7000');
    const view = inCallView(page);
    await expect(page.getByRole('status', { name: 'Recording' })).toHaveText(/Recording/);
    await page.waitForTimeout(5_000);
    await view.getByRole('button', { name: 'Hang up' }).click();
    // Our INVITE to 7000 (a late in-dialog request of an earlier test's call may reach the port too).
    const callId =
      uas
        .messages()
        .find((message) => message.method === 'INVITE' && message.text.startsWith('INVITE sip:7000@'))
        ?.callId ?? '';

    // What reached the customer's side, in 100 ms windows from its first packet.
    const received = decodeAlaw(Buffer.concat(capture.audio(8).map((packet) => packet.payload)));
    const heard = windows(received, 8_000, 100).map((window) => ({
      rms: rms(window),
      beep: toneShare(window, 8_000, beepHz),
      agent: toneShare(window, 8_000, agentHz),
    }));
    testInfo.annotations.push({
      type: 'customer side',
      description: JSON.stringify({
        payloadTypes: capture.packetsByPayloadType(),
        windows: heard.map((w) => [w.rms.toFixed(3), w.beep.toFixed(2), w.agent.toFixed(2)].join('/')),
      }),
    });
    expect(heard.length).toBeGreaterThan(40);
    // The beep, in the first seconds, for about half a second, and never again.
    const beeping = heard.map((window, index) => ({ ...window, index })).filter((w) => w.beep > 0.3);
    expect(beeping.length).toBeGreaterThanOrEqual(3);
    expect(beeping.length).toBeLessThanOrEqual(7);
    expect(beeping[0]!.index).toBeLessThan(30);
    expect(beeping.at(-1)!.index - beeping[0]!.index).toBeLessThan(8);
    // After it, the customer hears the agent again, without the beep.
    const afterwards = heard.slice(beeping.at(-1)!.index + 5, -3);
    expect(afterwards.length).toBeGreaterThan(20);
    for (const window of afterwards) {
      expect(window.rms).toBeGreaterThan(0.01);
      expect(window.agent).toBeGreaterThan(0.5);
      expect(window.beep).toBeLessThan(0.05);
    }

    // The recording: the beep on the agent's channel at its start, the agent's tone after it.
    const { pcm } = await attachedRecording(portal, callId, testInfo.outputPath('recording.mp3'));
    const left = windows(pcm.left, pcm.sampleRate, 100);
    const recordedBeep = left.findIndex((window) => toneShare(window, pcm.sampleRate, beepHz) > 0.3);
    expect(recordedBeep).toBeGreaterThanOrEqual(0);
    expect(recordedBeep).toBeLessThan(20);
    const rest = Float32Array.from(left.slice(recordedBeep + 8).flatMap((window) => [...window]));
    expect(rest.length).toBeGreaterThan(pcm.sampleRate * 2);
    expect(steadyToneShare(rest, pcm.sampleRate, agentHz)).toBeGreaterThan(0.5);
    expect(steadyToneShare(rest, pcm.sampleRate, beepHz)).toBeLessThan(0.05);
  } finally {
    await uas.stop();
    await capture.close();
  }
});
