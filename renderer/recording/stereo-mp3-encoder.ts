/**
 * The MP3 encoders we measured (bench/mp3-encoder.bench.ts, docs/BENCHMARKS.md) share this
 * interface. Each lives in its own module so a bundle carries only the one it uses: the recorder's
 * worker takes `wasm-lame` (LAME compiled to WebAssembly, 150x real time on one core by CPU
 * time; lamejs in plain JavaScript measured 44x, under the 100x budget).
 */

/** Speech settings: MPEG-2 Layer III at 16 kHz, stereo (agent left, customer right). */
export interface Mp3EncoderSettings {
  sampleRate: 16_000;
  /** Constant bitrate: every frame has the same size, so a file cut anywhere is readable up to its
   * last whole frame and its duration follows from its size. */
  kbps: 32 | 40 | 48;
}

export const speechMp3: Mp3EncoderSettings = { sampleRate: 16_000, kbps: 48 };

export interface StereoMp3Encoder {
  /** Encodes one block (left and right of equal length, samples in [-1, 1]); returns a copy of
   * the MP3 bytes produced so far (often none: a frame is 576 samples). */
  encode(left: Float32Array, right: Float32Array): Uint8Array;
  /** Flushes the last frames. The encoder is done after this. */
  finish(): Uint8Array;
}
