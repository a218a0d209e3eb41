import { execFileSync } from 'node:child_process';

/** Known tones for each side of a recorded call (sox), for the recording tests and benchmarks. */

/** A WAV of a sine tone for the agent's fake microphone (Chromium loops it). */
export function toneWav(file: string, hz: number, seconds = 60): string {
  return sine(file, ['-r', '48000', '-c', '1', '-b', '16'], hz, seconds);
}

/** Raw 8 kHz A-law of a sine tone, for sipp to play as the customer (looped). */
export function toneAlaw(file: string, hz: number, seconds = 10): string {
  return sine(file, ['-r', '8000', '-c', '1', '-e', 'a-law', '-t', 'raw'], hz, seconds);
}

function sine(file: string, format: string[], hz: number, seconds: number): string {
  execFileSync('sox', ['-n', ...format, file, 'synth', String(seconds), 'sine', String(hz), 'vol', '0.5']);
  return file;
}
