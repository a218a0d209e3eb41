import type { RemoteSound } from './phone';

/**
 * Plays a short sound to the far end of a call, mixed with the agent's microphone (the customer
 * hears both): the call's audio sender gets a WebAudio mix for the sound's length, then its own
 * track back. Used for the recording-consent beep at answer.
 *
 * A swap of the sender's track meanwhile (device hot-swap, conference) wins: the mix is dropped,
 * never put back over it. Mute and hold act on the sender's track, so the mix carries them and the
 * microphone track gets the state back.
 */
export async function playToRemote(sender: RTCRtpSender, sound: RemoteSound): Promise<void> {
  const original = sender.track;
  if (!original || original.readyState === 'ended' || sound.samples.length === 0) return;
  const context = new AudioContext();
  try {
    const destination = context.createMediaStreamDestination();
    context.createMediaStreamSource(new MediaStream([original])).connect(destination);
    const buffer = context.createBuffer(1, sound.samples.length, sound.sampleRate);
    buffer.copyToChannel(sound.samples, 0);
    const source = new AudioBufferSourceNode(context, { buffer });
    source.connect(destination);
    const [mix] = destination.stream.getAudioTracks();
    if (!mix) return;
    mix.enabled = original.enabled;
    await sender.replaceTrack(mix);
    // Started from an answer, which may not count as a gesture: resume explicitly. A context the
    // browser keeps suspended never plays: the timeout gives the microphone back all the same.
    await context.resume().catch(() => undefined);
    const played = new Promise<void>((resolve) => {
      source.onended = () => resolve();
      setTimeout(resolve, buffer.duration * 1000 + 2_000);
    });
    source.start();
    await played;
    if (sender.track === mix) {
      original.enabled = mix.enabled;
      await sender.replaceTrack(original).catch(() => undefined);
    }
    mix.stop();
  } finally {
    await context.close().catch(() => undefined);
  }
}
