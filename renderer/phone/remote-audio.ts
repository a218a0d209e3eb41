/**
 * Plays one call's remote audio on the chosen speaker. The element also keeps the remote track
 * flowing for WebAudio (the conference mixer): Chromium delivers silence to WebAudio from a remote
 * WebRTC track that no media element plays (docs/PBX-RIG.md pitfall 8).
 */
export class RemoteAudio {
  readonly #element: HTMLAudioElement;

  constructor(stream: MediaStream, speakerId: string) {
    this.#element = new Audio();
    this.#element.autoplay = true;
    this.#element.srcObject = stream;
    void this.setSpeaker(speakerId);
    void this.#element.play().catch(() => undefined);
  }

  /** Routes the audio to a device ('' = the system default); ignored where outputs cannot be chosen. */
  async setSpeaker(deviceId: string): Promise<void> {
    if (typeof this.#element.setSinkId !== 'function') return;
    try {
      await this.#element.setSinkId(deviceId);
    } catch {
      // The device went away: the default keeps playing.
      await this.#element.setSinkId('').catch(() => undefined);
    }
  }

  /** Silences what the agent hears of this call (held calls) without stopping the track. */
  setSilenced(silenced: boolean): void {
    this.#element.muted = silenced;
  }

  dispose(): void {
    this.#element.pause();
    this.#element.srcObject = null;
  }
}
