import type { RemoteSound } from '../phone/phone';

/** The consent beep's pitch: 1,400 Hz, the recorder-warning tone of telephony practice. */
export const consentBeepHz = 1_400;
const durationSec = 0.5;
const sampleRate = 48_000;

/**
 * The beep that tells the customer the call is recorded (settings: recording.consent), played to
 * the far end and into the recording's agent channel when the recording starts: half a second at
 * 1,400 Hz, with 10 ms ramps so it does not click.
 */
export function consentBeep(): RemoteSound {
  const samples = new Float32Array(Math.round(durationSec * sampleRate));
  const ramp = 0.01 * sampleRate;
  for (let i = 0; i < samples.length; i++) {
    const envelope = Math.min(1, i / ramp, (samples.length - i) / ramp);
    samples[i] = 0.5 * envelope * Math.sin((2 * Math.PI * consentBeepHz * i) / sampleRate);
  }
  return { samples, sampleRate };
}
