import type { HostApi } from '../../common/host-api/host-api';
import type { CallMedia, RemoteSound } from '../phone/phone';
import type { EncoderCommand, EncoderEvent, WorkletCommand } from './capture-protocol';
import EncoderWorker from './encoder-worker?worker';

/**
 * Records one call leg: the agent's microphone on the LEFT channel, what the agent hears on the
 * RIGHT (the customer; in a conference every remote party), merged by a ChannelMerger in the
 * recorder's one AudioContext, captured by the worklet, encoded by a worker, and sent to the host
 * every second, which appends it to the leg's file (crash-safe: see main/services/recordings).
 *
 *   recording <--pause/resume--> paused        (paused: a deliberate gap; held: silence, no gap)
 *   recording | paused --stop--> flushing --worker done, last chunk sent--> stopped (host finalizes)
 *
 * Device hot-swap and conference changes rebuild only the sources (`useMedia`): the merger, the
 * worklet, the encoder and the file stay.
 */
export class CallRecorder {
  readonly callKey: string;
  readonly #context: AudioContext;
  readonly #host: HostApi;
  readonly #merger: ChannelMergerNode;
  readonly #capture: AudioWorkletNode;
  readonly #sink: GainNode;
  readonly #worker: Worker;
  #sources: MediaStreamAudioSourceNode[] = [];
  #streams: { local: MediaStream; remotes: MediaStream[] } | null = null;
  #offset = 0;
  #sending: Promise<void> = Promise.resolve();
  #paused = false;
  #held = false;
  #stopped = false;
  #hostRefused = false;
  readonly #done: Promise<void>;
  #onTrackChange = () => this.#rebuild();

  constructor(options: { context: AudioContext; host: HostApi; callKey: string; wasmUrl: string }) {
    this.callKey = options.callKey;
    this.#context = options.context;
    this.#host = options.host;
    this.#merger = new ChannelMergerNode(this.#context, { numberOfInputs: 2 });
    this.#capture = new AudioWorkletNode(this.#context, 'b24phone-capture', {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      channelCount: 2,
      channelCountMode: 'explicit',
      channelInterpretation: 'discrete',
    });
    // Pulled by the destination through a silent gain: a node nothing pulls is not processed.
    this.#sink = new GainNode(this.#context, { gain: 0 });
    this.#merger.connect(this.#capture).connect(this.#sink).connect(this.#context.destination);

    const channel = new MessageChannel();
    this.#capture.port.postMessage({ kind: 'port', port: channel.port1 } satisfies WorkletCommand, [
      channel.port1,
    ]);
    this.#worker = new EncoderWorker();
    this.#done = new Promise((resolve) => {
      this.#worker.onmessage = (event: MessageEvent<EncoderEvent>) => {
        const message = event.data;
        if (message.kind === 'chunk') this.#send(message.bytes);
        else if (message.kind === 'done') void this.#sending.then(resolve);
        else if (message.kind === 'error') {
          console.error(`recording of ${this.callKey}: encoder failed: ${message.message}`);
          resolve();
        }
      };
    });
    this.#worker.postMessage(
      { kind: 'start', wasmUrl: options.wasmUrl, capture: channel.port2 } satisfies EncoderCommand,
      [channel.port2],
    );
  }

  /** Tells the host the recording starts (or continues), then captures from now on. */
  async begin(): Promise<void> {
    const answer = await this.#host.recording.start({ callKey: this.callKey });
    this.#offset = answer.bytes;
    if (!answer.ok) this.#hostRefused = true;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** The call's streams: its own (local and remote) plus, in a conference, the others' remotes. */
  useMedia(local: CallMedia['local'], remotes: MediaStream[]): void {
    for (const stream of this.#streams ? [this.#streams.local, ...this.#streams.remotes] : []) {
      stream.removeEventListener('addtrack', this.#onTrackChange);
      stream.removeEventListener('removetrack', this.#onTrackChange);
    }
    this.#streams = { local, remotes };
    for (const stream of [local, ...remotes]) {
      stream.addEventListener('addtrack', this.#onTrackChange);
      stream.addEventListener('removetrack', this.#onTrackChange);
    }
    this.#rebuild();
  }

  /** Mixes a sound into the agent's channel from now on (the consent beep the customer hears). */
  mark(sound: RemoteSound): void {
    if (this.#stopped) return;
    const buffer = this.#context.createBuffer(1, sound.samples.length, sound.sampleRate);
    buffer.copyToChannel(sound.samples, 0);
    const source = new AudioBufferSourceNode(this.#context, { buffer });
    source.connect(this.#merger, 0, 0);
    source.onended = () => source.disconnect();
    source.start();
  }

  setPaused(paused: boolean): void {
    this.#paused = paused;
    this.#mode();
  }

  setHeld(held: boolean): void {
    this.#held = held;
    this.#mode();
  }

  /** Ends the capture, waits for the last bytes to reach the host, and lets it finalize the file. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#capture.port.postMessage({ kind: 'flush' } satisfies WorkletCommand);
    await Promise.race([this.#done, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    this.#disconnect();
    this.#worker.terminate();
    await this.#sending;
    await this.#host.recording.finish({ callKey: this.callKey });
  }

  #mode(): void {
    this.#capture.port.postMessage({
      kind: 'mode',
      paused: this.#paused,
      silenced: this.#held,
    } satisfies WorkletCommand);
  }

  #rebuild(): void {
    for (const source of this.#sources) source.disconnect();
    this.#sources = [];
    if (!this.#streams || this.#stopped) return;
    const connect = (stream: MediaStream, input: 0 | 1) => {
      if (stream.getAudioTracks().every((track) => track.readyState === 'ended')) return;
      const source = this.#context.createMediaStreamSource(stream);
      source.connect(this.#merger, 0, input);
      this.#sources.push(source);
    };
    connect(this.#streams.local, 0);
    for (const remote of this.#streams.remotes) connect(remote, 1);
  }

  #disconnect(): void {
    for (const source of this.#sources) source.disconnect();
    this.#sources = [];
    this.#merger.disconnect();
    this.#capture.disconnect();
    this.#sink.disconnect();
  }

  /** Chunks go to the host one after the other, each at its offset. */
  #send(bytes: Uint8Array): void {
    this.#sending = this.#sending.then(async () => {
      if (this.#hostRefused) return;
      const offset = this.#offset;
      this.#offset += bytes.length;
      try {
        const answer = await this.#host.recording.append({
          callKey: this.callKey,
          offset,
          data: toBase64(bytes),
        });
        // The host finalized this recording already (it restarted): it keeps what it has.
        if (!answer.ok) this.#hostRefused = true;
      } catch (error) {
        console.warn(`recording of ${this.callKey}: chunk not stored`, error);
        this.#offset = offset;
        this.#hostRefused = true;
      }
    });
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
