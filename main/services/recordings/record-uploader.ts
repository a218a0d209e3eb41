import { readFileSync, statSync } from 'node:fs';
import type { BitrixStep } from '../../../common/bitrix/telephony';
import { unusableRecording } from '../../../common/recording/mp3-frames';
import { BitrixCallError } from '../bitrix/bitrix-call-error';
import type { BitrixClient } from '../bitrix/bitrix-client';
import type { AttachmentUploader } from '../outbox/outbox';
import { scanMp3File } from './mp3-file';

export interface RecordUploaderOptions {
  /** Resolves a step's recording file inside the profile's recordings folder. */
  pathOf: (file: string) => string;
  /** Files up to this size go inline as FILE_CONTENT (base64) in one request; larger ones by
   * FILENAME alone and a streamed multipart POST to the uploadUrl the portal answers. */
  inlineLimitBytes?: number;
}

/** 1 MiB: about 3 minutes of our 48 kbps stereo, 1.4 MB of base64 in one REST request. */
export const defaultInlineLimitBytes = 1024 * 1024;

/**
 * telephony.externalCall.attachRecord for a finished call (docs/bitrix24-contract.md): the outbox
 * calls it only after the call's finish was delivered, with the CALL_ID of this very leg. The file
 * is checked again before it leaves: a missing, empty or unreadable file is refused here, with
 * the reason, and never sent as garbage. Failures come out as BitrixCallErrors, so the outbox's
 * retry policy applies: network, 5xx and rate limits are retried with backoff, a refusal of the
 * portal ("Wrong file extension", "not finished yet"...) fails the step visibly for the agent's
 * retry, never retried forever.
 */
export class RecordUploader implements AttachmentUploader {
  readonly #options: RecordUploaderOptions;

  constructor(options: RecordUploaderOptions) {
    this.#options = options;
  }

  async attachRecord(
    client: BitrixClient,
    callId: string,
    recording: Extract<BitrixStep, { kind: 'attachRecord' }>['recording'],
  ): Promise<unknown> {
    const file = this.#options.pathOf(recording.path);
    const size = this.#checked(file);
    if (size <= (this.#options.inlineLimitBytes ?? defaultInlineLimitBytes)) {
      return client.call('telephony.externalCall.attachRecord', {
        CALL_ID: callId,
        FILENAME: recording.fileName,
        FILE_CONTENT: readFileSync(file).toString('base64'),
      });
    }
    const upload = async () => {
      const target = await this.#uploadTarget(client, callId, recording.fileName);
      return client.upload(target.uploadUrl, target.fieldName, {
        path: file,
        name: recording.fileName,
        contentType: 'audio/mpeg',
      });
    };
    try {
      return await upload();
    } catch (error) {
      if (!(error instanceof BitrixCallError && staleAccessToken(error))) throw error;
      // The uploadUrl carries the access token it was issued with, which ran out (or was replaced
      // by a refresh) before the file got there. Asking again goes through the SDK, which
      // refreshes on that 401 like for every request, and answers an uploadUrl with the new token.
      return upload();
    }
  }

  /** The first leg of an upload: attachRecord with FILENAME alone answers where to POST the file. */
  async #uploadTarget(
    client: BitrixClient,
    callId: string,
    fileName: string,
  ): Promise<{ uploadUrl: string; fieldName: string }> {
    const target = await client.call<{ uploadUrl?: unknown; fieldName?: unknown }>(
      'telephony.externalCall.attachRecord',
      { CALL_ID: callId, FILENAME: fileName },
    );
    if (typeof target?.uploadUrl !== 'string' || !URL.canParse(target.uploadUrl))
      throw new BitrixCallError('rejected', '', 'Bitrix24 answered attachRecord without an uploadUrl', 200);
    const fieldName = typeof target.fieldName === 'string' && target.fieldName ? target.fieldName : 'file';
    return { uploadUrl: target.uploadUrl, fieldName };
  }

  /** The file's size once it is known to be a whole, playable MP3; throws why not otherwise. */
  #checked(file: string): number {
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      throw new BitrixCallError('rejected', 'RECORDING_MISSING', 'The recording file is missing', 0);
    }
    const scan = size === 0 ? null : scanMp3File(file);
    const problem = scan ? unusableRecording(scan, size) : 'the recording is empty';
    if (problem) throw new BitrixCallError('rejected', 'RECORDING_UNUSABLE', `Not uploaded: ${problem}`, 0);
    if (scan!.wholeBytes !== size)
      throw new BitrixCallError(
        'rejected',
        'RECORDING_UNUSABLE',
        'Not uploaded: the recording ends in a cut frame',
        0,
      );
    return size;
  }
}

/** The answers the SDK itself refreshes on (a 401 naming the access token). */
function staleAccessToken(error: BitrixCallError): boolean {
  return error.httpStatus === 401 && (error.code === 'expired_token' || error.code === 'invalid_token');
}
