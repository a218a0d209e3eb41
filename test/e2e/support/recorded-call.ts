import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { PortalClient, SandboxCall } from '../../../sandbox/portal/sandbox-client';
import { decodeStereo, type StereoPcm } from '../../support/audio-analysis';
import { expect } from './fixtures';

/**
 * The recording specs' common steps: known tones to play on each side, and the recording Bitrix24
 * (the emulator) holds for a call - exactly one, attached after the call's finish - downloaded
 * and decoded as a listener would.
 */

/** A WAV of a sine tone for the agent's fake microphone (Chromium loops it). */
export function toneWav(file: string, hz: number, seconds = 60): string {
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

/** Raw 8 kHz A-law of a sine tone, for sipp to play as the customer (looped). */
export function toneAlaw(file: string, hz: number, seconds = 10): string {
  execFileSync('sox', [
    '-n',
    '-r',
    '8000',
    '-c',
    '1',
    '-e',
    'a-law',
    '-t',
    'raw',
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

export interface AttachedRecording {
  call: SandboxCall;
  file: string;
  pcm: StereoPcm;
}

/**
 * Waits until the call registered with this EXTERNAL_CALL_ID (or the one call matching) holds its
 * recording, checks it is the only attachRecord, sent after the finish, an MP3; downloads it to
 * `file` and decodes it.
 */
export async function attachedRecording(
  portal: PortalClient,
  which: string | ((call: SandboxCall) => boolean),
  file: string,
): Promise<AttachedRecording> {
  const find = async () => {
    const calls =
      typeof which === 'string'
        ? await portal.callsWithExternalId(which)
        : (await portal.calls()).filter(which);
    expect(calls.length).toBeLessThanOrEqual(1);
    return calls[0];
  };
  await expect.poll(async () => (await find())?.records.length ?? 0, { timeout: 20_000 }).toBe(1);
  const call = await find();
  const attached = call!.attachRecordRequests;
  expect(attached).toHaveLength(1);
  expect(attached[0]!.outcome).toBe('ok');
  expect(Date.parse(attached[0]!.at)).toBeGreaterThanOrEqual(Date.parse(call!.finishedAt!));
  const record = call!.records[0] as { url: string; format: string };
  expect(record.format).toBe('mp3');
  writeFileSync(file, Buffer.from(await (await fetch(record.url)).arrayBuffer()));
  return { call: call!, file, pcm: decodeStereo(file) };
}
