import type { HostApi } from '../../common/host-api/host-api';
import type { RecordingConsent, RecordingMode } from '../../common/settings/recording-settings';
import type { CallMedia, PhoneCall, RemoteSound } from '../phone/phone';
import { captureSampleRate } from './capture-protocol';
import workletUrl from './capture-worklet?worker&url';
import wasmUrl from 'wasm-media-encoders/wasm/mp3?url';
import { CallRecorder } from './call-recorder';
import { consentBeep } from './consent-beep';

/** What the Record button shows for a call. */
export type RecordingStatus = 'off' | 'recording' | 'paused';

/**
 * The app's recorder: one AudioContext at the encoder's rate (16 kHz; Chromium resamples the
 * WebRTC streams into it) for every recorded call, the capture worklet loaded into it once.
 * Follows the calls as the phone reports them:
 *
 *   mode all:        answered -> recording; held -> silence; resumed -> recording; ended -> stopped
 *   mode on-demand:  answered -> off until the agent presses Record, then as above
 *   mode never:      nothing
 *   Pause/Resume by the agent in any mode but never; a paused part is left out of the file.
 *   consent beep:    when a call's recording starts (not on resume), the customer hears it, and
 *                    so does the recording's agent channel (the file shows the customer was told).
 */
export class Recorder {
  readonly #host: HostApi;
  readonly #media: (callId: string) => CallMedia | null;
  readonly #playToRemote: (callId: string, sound: RemoteSound) => Promise<void>;
  readonly #onStatus: (callId: string, status: RecordingStatus) => void;
  readonly #recorders = new Map<string, CallRecorder>();
  readonly #calls = new Map<string, PhoneCall>();
  #context: Promise<AudioContext> | null = null;
  #mode: RecordingMode = 'all';
  #consent: RecordingConsent = 'none';

  constructor(options: {
    host: HostApi;
    media: (callId: string) => CallMedia | null;
    /** Phone.playToRemote: the consent beep goes to the customer through the call itself. */
    playToRemote: (callId: string, sound: RemoteSound) => Promise<void>;
    onStatus: (callId: string, status: RecordingStatus) => void;
  }) {
    this.#host = options.host;
    this.#media = options.media;
    this.#playToRemote = options.playToRemote;
    this.#onStatus = options.onStatus;
  }

  useSettings(settings: { mode: RecordingMode; consent: RecordingConsent }): void {
    this.#mode = settings.mode;
    this.#consent = settings.consent;
  }

  /** Every change of a call (PhoneDelegate.onCall). */
  onCall(call: PhoneCall): void {
    const before = this.#calls.get(call.id);
    this.#calls.set(call.id, call);
    const recorder = this.#recorders.get(call.id);
    if (call.phase === 'ended') {
      this.#calls.delete(call.id);
      if (recorder) void this.#stop(call.id);
      return;
    }
    const answeredNow = call.phase === 'active' && before?.phase !== 'active' && before?.phase !== 'held';
    if (answeredNow && !recorder && this.#mode === 'all') void this.start(call.id);
    recorder?.setHeld(call.phase === 'held');
    if (before?.conference !== call.conference) this.#refreshConference();
  }

  /** A call's track was replaced (device hot-swap, conference). */
  onMedia(callId: string): void {
    if (this.#recorders.has(callId)) this.#useMedia(callId);
    this.#refreshConference();
  }

  /** The agent's Record button: starts a recording, or pauses / resumes the one going on. */
  async toggle(callId: string): Promise<void> {
    if (this.#mode === 'never') return;
    const recorder = this.#recorders.get(callId);
    if (!recorder) return this.start(callId);
    recorder.setPaused(!recorder.paused);
    this.#onStatus(callId, recorder.paused ? 'paused' : 'recording');
  }

  async start(callId: string): Promise<void> {
    if (this.#recorders.has(callId) || this.#mode === 'never') return;
    const context = await this.#audioContext();
    if (this.#recorders.has(callId) || !this.#calls.has(callId)) return;
    const recorder = new CallRecorder({ context, host: this.#host, callKey: callId, wasmUrl });
    this.#recorders.set(callId, recorder);
    this.#useMedia(callId);
    recorder.setHeld(this.#calls.get(callId)?.phase === 'held');
    this.#onStatus(callId, 'recording');
    try {
      await recorder.begin();
    } catch (error) {
      console.error(`recording of ${callId} could not start`, error);
    }
    if (this.#consent === 'beep') await this.#announce(callId, recorder);
  }

  /** The consent beep, to the customer and into the agent's channel at the same moment. */
  async #announce(callId: string, recorder: CallRecorder): Promise<void> {
    const beep = consentBeep();
    recorder.mark(beep);
    try {
      await this.#playToRemote(callId, beep);
    } catch (error) {
      console.error(`consent beep of ${callId} could not be played`, error);
    }
  }

  async #stop(callId: string): Promise<void> {
    const recorder = this.#recorders.get(callId);
    if (!recorder) return;
    this.#recorders.delete(callId);
    this.#onStatus(callId, 'off');
    try {
      await recorder.stop();
    } catch (error) {
      console.error(`recording of ${callId} could not be finished`, error);
    }
  }

  #useMedia(callId: string): void {
    const recorder = this.#recorders.get(callId);
    const media = this.#media(callId);
    if (!recorder || !media) return;
    const call = this.#calls.get(callId);
    // In a conference the agent hears every party: so does the right channel.
    const others = call?.conference
      ? [...this.#calls.values()]
          .filter((other) => other.id !== callId && other.conference)
          .map((other) => this.#media(other.id)?.remote)
          .filter((stream): stream is MediaStream => stream !== undefined)
      : [];
    recorder.useMedia(media.local, [media.remote, ...others]);
  }

  #refreshConference(): void {
    for (const callId of this.#recorders.keys()) this.#useMedia(callId);
  }

  #audioContext(): Promise<AudioContext> {
    this.#context ??= (async () => {
      const context = new AudioContext({ sampleRate: captureSampleRate, latencyHint: 'playback' });
      await context.audioWorklet.addModule(workletUrl);
      // Started from a call's answer, which may not count as a gesture: resume explicitly.
      await context.resume().catch(() => undefined);
      return context;
    })();
    return this.#context;
  }
}
