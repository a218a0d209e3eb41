import { writeFileSync } from 'node:fs';
import type { PortalClient, SandboxCall } from '../../../sandbox/portal/sandbox-client';
import { decodeStereo, type StereoPcm } from '../../support/audio-analysis';
import { expect } from './fixtures';

/**
 * The recording specs' common step: the recording Bitrix24 (the emulator) holds for a call -
 * exactly one, attached after the call's finish - downloaded and decoded as a listener would.
 */

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
