import { execFileSync } from 'node:child_process';

/** A WAV of a pure tone (sox), for a fake microphone whose sound a test can recognise. */
export function writeToneWav(file: string, hz: number, seconds = 60): string {
  execFileSync('sox', [
    '-n',
    '-r',
    '48000',
    '-c',
    '1',
    '-b',
    '16',
    file,
    'synth',
    String(seconds),
    'sine',
    String(hz),
    'vol',
    '0.5',
  ]);
  return file;
}
