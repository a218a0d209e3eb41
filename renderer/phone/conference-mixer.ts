/**
 * A three-way (or larger) conference mixed here, with WebAudio: each party hears the agent's
 * microphone plus every other party; the agent hears every party through the calls' own audio
 * elements. No conference bridge needed on the PBX. Each call's sender gets its mix with
 * replaceTrack; when the conference ends the calls get their microphone tracks back.
 */
export interface ConferenceMember {
  id: string;
  sender: RTCRtpSender;
  remote: MediaStream;
}

interface Mixed {
  member: ConferenceMember;
  original: MediaStreamTrack | null;
  source: MediaStreamAudioSourceNode;
  destination: MediaStreamAudioDestinationNode;
}

export class ConferenceMixer {
  readonly #context = new AudioContext();
  #microphone: MediaStreamAudioSourceNode;
  readonly #microphoneGain: GainNode;
  readonly #mixed = new Map<string, Mixed>();

  constructor(microphone: MediaStream) {
    this.#microphone = this.#context.createMediaStreamSource(microphone);
    this.#microphoneGain = this.#context.createGain();
    this.#microphone.connect(this.#microphoneGain);
    // Created from a click, but a page without a gesture so far may still start it suspended.
    void this.#context.resume().catch(() => undefined);
  }

  get ids(): string[] {
    return [...this.#mixed.keys()];
  }

  async add(member: ConferenceMember): Promise<void> {
    const destination = this.#context.createMediaStreamDestination();
    const source = this.#context.createMediaStreamSource(member.remote);
    this.#microphoneGain.connect(destination);
    for (const other of this.#mixed.values()) {
      // The newcomer hears the others, and they hear the newcomer.
      other.source.connect(destination);
      source.connect(other.destination);
    }
    const mixed: Mixed = { member, original: member.sender.track, source, destination };
    this.#mixed.set(member.id, mixed);
    const [track] = destination.stream.getAudioTracks();
    if (track) await member.sender.replaceTrack(track);
  }

  /** Takes a call out (it ended, or the conference is split); its sender gets its microphone back. */
  async remove(id: string): Promise<void> {
    const mixed = this.#mixed.get(id);
    if (!mixed) return;
    this.#mixed.delete(id);
    mixed.source.disconnect();
    for (const other of this.#mixed.values()) {
      try {
        other.source.disconnect(mixed.destination);
      } catch {
        // Not connected.
      }
    }
    this.#microphoneGain.disconnect(mixed.destination);
    mixed.destination.stream.getTracks().forEach((track) => track.stop());
    await mixed.member.sender.replaceTrack(mixed.original).catch(() => undefined);
  }

  setMicrophoneMuted(muted: boolean): void {
    this.#microphoneGain.gain.value = muted ? 0 : 1;
  }

  /** The microphone was swapped (device hot-swap): the mix follows. */
  setMicrophone(stream: MediaStream): void {
    this.#microphone.disconnect();
    this.#microphone = this.#context.createMediaStreamSource(stream);
    this.#microphone.connect(this.#microphoneGain);
  }

  async close(): Promise<void> {
    for (const id of this.ids) await this.remove(id);
    this.#microphone.disconnect();
    await this.#context.close().catch(() => undefined);
  }
}
