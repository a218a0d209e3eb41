/**
 * Plays one call's remote audio on the chosen speaker. The element also keeps the remote track
 * flowing for WebAudio (the conference mixer): Chromium delivers silence to WebAudio from a remote
 * WebRTC track that no media element plays (pitfall 8, docs/ARCHITECTURE.md#rig-pitfalls).
 *
 * Routing waits for the stream's first track: Chromium fails setSinkId on an element whose
 * stream is still empty (headless Chromium 156 even crashes the page), and a play() pending
 * while the output changes is aborted - on a chosen speaker the call would stay silent.
 */
export class RemoteAudio {
  readonly #element: HTMLAudioElement;
  readonly #stream: MediaStream;
  #speakerId: string;
  #disposed = false;

  constructor(stream: MediaStream, speakerId: string) {
    this.#stream = stream;
    this.#speakerId = speakerId;
    this.#element = new Audio();
    this.#element.autoplay = true;
    this.#element.srcObject = stream;
    if (stream.getAudioTracks().length > 0) void this.#route();
    else stream.addEventListener('addtrack', () => void this.#route(), { once: true });
  }

  /** Routes the audio to a device ('' = the system default). */
  async setSpeaker(deviceId: string): Promise<void> {
    this.#speakerId = deviceId;
    if (this.#stream.getAudioTracks().length > 0) await this.#route();
  }

  /** Silences what the agent hears of this call (held calls) without stopping the track. */
  setSilenced(silenced: boolean): void {
    this.#element.muted = silenced;
  }

  dispose(): void {
    this.#disposed = true;
    this.#element.pause();
    this.#element.srcObject = null;
  }

  /** Onto the chosen output (the default if it went away), then playing. */
  async #route(): Promise<void> {
    if (typeof this.#element.setSinkId === 'function') {
      try {
        await this.#element.setSinkId(this.#speakerId);
      } catch {
        await this.#element.setSinkId('').catch(() => undefined);
      }
    }
    if (!this.#disposed && this.#element.paused) await this.#element.play().catch(() => undefined);
  }
}
