import { execFileSync } from 'node:child_process';
import { alawFromPcap } from '../../sandbox/pbx/caller-audio';

/**
 * Reading recordings the way a listener would: decode with ffmpeg, then measure each channel.
 * Used by the recording tests and benchmarks (energy and frequency checks, never "non-empty").
 */

export interface StereoPcm {
  sampleRate: number;
  left: Float32Array;
  right: Float32Array;
}

/** Decodes any file ffmpeg reads (MP3 here) to 16 kHz stereo float samples. */
export function decodeStereo(file: string, sampleRate = 16_000): StereoPcm {
  const raw = execFileSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      file,
      '-f',
      'f32le',
      '-acodec',
      'pcm_f32le',
      '-ac',
      '2',
      '-ar',
      String(sampleRate),
      '-',
    ],
    { maxBuffer: 1024 * 1024 * 1024 },
  );
  const samples = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const frames = samples.length / 2;
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    left[i] = samples[2 * i]!;
    right[i] = samples[2 * i + 1]!;
  }
  return { sampleRate, left, right };
}

/** The duration ffprobe reads from a file's headers and frames, in seconds. */
export function probeDuration(file: string): number {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'format=duration:stream=codec_name,channels,sample_rate',
    '-of',
    'json',
    file,
  ]).toString();
  const parsed = JSON.parse(out) as { format: { duration: string } };
  return Number(parsed.format.duration);
}

export function rms(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

/**
 * The share of a signal's energy at one frequency (Goertzel over the whole signal, normalised by
 * the signal's total energy): near 1 for a pure tone at that frequency, near 0 without it.
 */
export function toneShare(samples: Float32Array, sampleRate: number, frequency: number): number {
  const omega = (2 * Math.PI * frequency) / sampleRate;
  const coefficient = 2 * Math.cos(omega);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (const sample of samples) {
    const s0 = sample + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += sample * sample;
  }
  const power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  // A pure tone of amplitude A over N samples: power = (A N / 2)^2 and energy = A^2 N / 2.
  return energy === 0 ? 0 : (2 * power) / (samples.length * energy);
}

/** ITU-T G.711 A-law to linear, in [-1, 1]. */
export function decodeAlaw(alaw: Uint8Array): Float32Array {
  const out = new Float32Array(alaw.length);
  for (let i = 0; i < alaw.length; i++) {
    const value = alaw[i]! ^ 0x55;
    const exponent = (value & 0x70) >> 4;
    let magnitude = (value & 0x0f) << 4;
    magnitude += exponent === 0 ? 8 : 0x108;
    if (exponent > 1) magnitude <<= exponent - 1;
    out[i] = (value & 0x80 ? magnitude : -magnitude) / 32768;
  }
  return out;
}

/** The speech of sipp's sample capture at 16 kHz (each 8 kHz sample doubled, linearly). */
export function sampleSpeech16k(): Float32Array {
  const speech8k = decodeAlaw(alawFromPcap());
  const out = new Float32Array(speech8k.length * 2);
  for (let i = 0; i < speech8k.length; i++) {
    const current = speech8k[i]!;
    const next = speech8k[i + 1] ?? current;
    out[2 * i] = current;
    out[2 * i + 1] = (current + next) / 2;
  }
  return out;
}

/** A signal cut into consecutive windows of `ms` (the last, shorter one dropped). */
export function windows(samples: Float32Array, sampleRate: number, ms: number): Float32Array[] {
  const size = Math.round((sampleRate * ms) / 1000);
  const out: Float32Array[] = [];
  for (let start = 0; start + size <= samples.length; start += size)
    out.push(samples.subarray(start, start + size));
  return out;
}

/**
 * toneShare window by window (250 ms), the median: a microphone's automatic gain changes the
 * level over a call, which one Goertzel over the whole signal reads as a weaker tone.
 */
export function steadyToneShare(samples: Float32Array, sampleRate: number, frequency: number): number {
  const shares = windows(samples, sampleRate, 250)
    .map((window) => toneShare(window, sampleRate, frequency))
    .sort((a, b) => a - b);
  return shares.length === 0 ? 0 : shares[Math.floor(shares.length / 2)]!;
}
