import type { RingtoneState } from './phone';

/**
 * Ringtone, call-waiting beep and ringback, synthesised (no audio files to ship) and played on the
 * ringer device, which may differ from the headset. Browsers refuse to start audio before the
 * user's first gesture; the desktop app allows it (autoplay policy), the web host may not: then
 * the state is `blocked` and the UI asks for one click, after which `unlock()` plays it.
 */
export type Tone = 'ringtone' | 'call-waiting' | 'ringback';

export interface Segment {
  /** Frequencies mixed during the segment; none: silence. */
  hz: number[];
  ms: number;
}

/** One period of each tone, looped. */
const patterns: Record<Tone, Segment[]> = {
  // A double ring (400 + 450 Hz), as desk phones in much of Europe do.
  ringtone: [
    { hz: [400, 450], ms: 400 },
    { hz: [], ms: 200 },
    { hz: [400, 450], ms: 400 },
    { hz: [], ms: 2000 },
  ],
  // A short beep every few seconds: quiet enough to talk over.
  'call-waiting': [
    { hz: [440], ms: 200 },
    { hz: [], ms: 100 },
    { hz: [440], ms: 200 },
    { hz: [], ms: 4500 },
  ],
  ringback: [
    { hz: [425], ms: 1000 },
    { hz: [], ms: 4000 },
  ],
};

const sampleRate = 8000;

export class TonePlayer {
  readonly #urls = new Map<Tone, string>();
  #element: HTMLAudioElement | undefined;
  #tone: Tone | undefined;
  #deviceId = '';
  #volume = 0.8;
  #state: RingtoneState = 'silent';

  constructor(private readonly onState: (state: RingtoneState) => void) {}

  configure(deviceId: string, volume: number): void {
    this.#volume = volume;
    if (this.#element) this.#element.volume = this.#volumeOf(this.#tone);
    if (deviceId !== this.#deviceId) {
      this.#deviceId = deviceId;
      if (this.#element) void this.#route(this.#element);
    }
  }

  play(tone: Tone): void {
    if (this.#tone === tone && this.#state !== 'silent') return;
    this.stop();
    this.#tone = tone;
    const element = new Audio(this.#url(tone));
    element.loop = true;
    element.volume = this.#volumeOf(tone);
    this.#element = element;
    void this.#start(element, tone);
  }

  stop(): void {
    this.#tone = undefined;
    if (this.#element) {
      this.#element.pause();
      this.#element.removeAttribute('src');
      this.#element.load();
    }
    this.#element = undefined;
    this.#setState('silent');
  }

  /** Called from a user gesture: plays the tone the browser refused earlier. */
  unlock(): void {
    if (this.#state === 'blocked' && this.#element && this.#tone) void this.#start(this.#element, this.#tone);
  }

  get state(): RingtoneState {
    return this.#state;
  }

  async #start(element: HTMLAudioElement, tone: Tone): Promise<void> {
    await this.#route(element);
    try {
      await element.play();
      if (this.#element === element) this.#setState('playing');
    } catch (error) {
      if (this.#element !== element) return;
      // NotAllowedError: autoplay refused before a user gesture.
      this.#setState(
        error instanceof DOMException && error.name === 'NotAllowedError' ? 'blocked' : 'silent',
      );
      if (this.#tone !== tone) element.pause();
    }
  }

  async #route(element: HTMLAudioElement): Promise<void> {
    if (typeof element.setSinkId !== 'function') return;
    await element.setSinkId(this.#deviceId).catch(() => element.setSinkId('').catch(() => undefined));
  }

  #volumeOf(tone: Tone | undefined): number {
    // The call-waiting beep goes into the ear of an agent who is talking: keep it low.
    return tone === 'call-waiting' ? Math.min(this.#volume, 0.3) : this.#volume;
  }

  #setState(state: RingtoneState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.onState(state);
  }

  #url(tone: Tone): string {
    let url = this.#urls.get(tone);
    if (!url) {
      url = URL.createObjectURL(new Blob([wav(patterns[tone])], { type: 'audio/wav' }));
      this.#urls.set(tone, url);
    }
    return url;
  }
}

/** 16-bit mono PCM WAV of one period of a pattern, with 10 ms ramps so the tone does not click. */
export function wav(pattern: Segment[]): ArrayBuffer {
  const samples: number[] = [];
  for (const segment of pattern) {
    const count = Math.round((segment.ms / 1000) * sampleRate);
    const ramp = Math.round(0.01 * sampleRate);
    for (let index = 0; index < count; index += 1) {
      if (segment.hz.length === 0) {
        samples.push(0);
        continue;
      }
      const t = index / sampleRate;
      const envelope = Math.min(1, index / ramp, (count - index) / ramp);
      const value =
        segment.hz.reduce((sum, hz) => sum + Math.sin(2 * Math.PI * hz * t), 0) / segment.hz.length;
      samples.push(value * envelope * 0.5);
    }
  }
  const buffer = new ArrayBuffer(44 + samples.length * 2);
  const view = new DataView(buffer);
  const text = (offset: number, value: string) =>
    [...value].forEach((char, index) => view.setUint8(offset + index, char.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  samples.forEach((sample, index) => view.setInt16(44 + index * 2, Math.round(sample * 32767), true));
  return buffer;
}
