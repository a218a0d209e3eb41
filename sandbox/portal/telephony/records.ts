import { randomToken } from '../ids';
import type { Call, CallRecording, ParamMap } from '../state/model';
import type { Portal } from '../state/portal';
import { phpString, stringifyScalars, upperKeys } from '../transport/php-params';
import type { UploadedFile } from '../transport/request-params';
import { coreError, RestError } from '../transport/rest-error';
import { checkAudio } from './audio-check';
import { decodeMp3 } from './mp3-decode';
import { addressKind } from './public-address';

/**
 * Three of attachRecord's errors carry an empty code on the real portal (its page lists them as
 * "Empty value"), whatever the blank-code setting: a client can only tell them apart by the text.
 */
function uncodedError(description: string): RestError {
  return new RestError('', description, 400, 'method');
}
const notFinished = () =>
  uncodedError('Call is not found in the statistic table. It looks like it is not finished yet.');

export type AttachRecordResult = { FILE_ID: number } | { uploadUrl: string; fieldName: 'file' };

/** Who asks, for building an uploadUrl the caller can use with its own credentials. */
export interface Caller {
  accessToken: string | null;
  webhook: { userId: number; code: string } | null;
}

function observedParams(params: ParamMap): ParamMap {
  const copy = stringifyScalars(upperKeys(params)) as ParamMap;
  if (typeof copy.FILE_CONTENT === 'string')
    copy.FILE_CONTENT = `<${copy.FILE_CONTENT.length} base64 characters>`;
  return copy;
}

/**
 * telephony.externalCall.attachRecord: only for a finished call; RECORD_URL (downloaded now),
 * FILENAME + FILE_CONTENT (base64), or FILENAME alone (answers an uploadUrl for a multipart POST).
 * The file must be a complete WAV or MP3 matching its extension. A new recording replaces the
 * previous one: one recording per CALL_ID.
 */
export async function attachRecord(
  portal: Portal,
  rawParams: ParamMap,
  caller: Caller,
): Promise<AttachRecordResult> {
  const params = upperKeys(rawParams);
  const callId = phpString(params.CALL_ID) ?? '';
  const known = callId ? portal.call(callId) : undefined;
  const request = { at: portal.nowIso(), params: observedParams(rawParams) };
  try {
    const result = await attach(portal, params, known, caller);
    known?.attachRecordRequests.push({ ...request, outcome: 'ok' });
    return result;
  } catch (error) {
    if (known && error instanceof RestError) {
      known.attachRecordRequests.push({
        ...request,
        outcome: 'error',
        error: { code: error.code, description: error.description },
      });
    }
    throw error;
  }
}

async function attach(
  portal: Portal,
  params: ParamMap,
  known: Call | undefined,
  caller: Caller,
): Promise<AttachRecordResult> {
  const recordUrl = phpString(params.RECORD_URL) ?? '';
  const hasFilename = params.FILENAME !== undefined && params.FILENAME !== null;
  if (!recordUrl && !hasFilename) {
    throw uncodedError(
      'Required parameters are not set. Request should contain either URL or FILENAME parameter',
    );
  }
  const call = known && known.finishedAt !== null ? known : undefined;
  if (!call) throw notFinished();

  if (recordUrl) {
    const filename =
      phpString(params.FILENAME) ||
      decodeURIComponent(new URL(recordUrl, portal.origin).pathname.split('/').pop() ?? '');
    const format = extensionOf(filename);
    const data = await download(recordUrl, portal.config.recordUrlAllowPrivate);
    return { FILE_ID: await store(portal, call, filename, format, data, 'RECORD_URL') };
  }

  const filename = (phpString(params.FILENAME) ?? '').trim();
  if (!filename) throw coreError('File name is empty');
  const format = extensionOf(filename);
  if (params.FILE_CONTENT === undefined) {
    const token = randomToken(40);
    portal.data.uploads.push({
      token,
      CALL_ID: call.CALL_ID,
      FILENAME: filename,
      accessToken: caller.accessToken,
      createdAt: portal.now(),
      used: false,
    });
    const base = caller.webhook
      ? `${portal.origin}/rest/${caller.webhook.userId}/${caller.webhook.code}/upload.json?`
      : `${portal.origin}/rest/upload.json?auth=${encodeURIComponent(caller.accessToken ?? '')}&`;
    return { uploadUrl: `${base}token=${encodeURIComponent(token)}`, fieldName: 'file' };
  }
  const content = (phpString(params.FILE_CONTENT) ?? '').replace(/\s+/g, '');
  if (!content) throw coreError('File content is empty.');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(content) || content.length % 4 === 1) {
    throw coreError('File content is not properly encoded. Base64 encoding is expected.');
  }
  return {
    FILE_ID: await store(portal, call, filename, format, Buffer.from(content, 'base64'), 'FILE_CONTENT'),
  };
}

/** The second step of the uploadUrl flow: a multipart POST with the file in part `file`. */
export async function receiveUpload(
  portal: Portal,
  params: ParamMap,
  files: UploadedFile[],
): Promise<{ FILE_ID: number }> {
  const token = phpString(params.token) ?? '';
  const upload = portal.data.uploads.find((candidate) => candidate.token === token);
  if (!upload || upload.used) throw coreError('Upload token is unknown or was already used');
  const call = portal.call(upload.CALL_ID);
  if (!call || call.finishedAt === null) throw notFinished();
  const file = files.find((candidate) => candidate.field === 'file');
  if (!file || file.data.length === 0) throw coreError('File content is empty.');
  // Taken before the decode runs, so a second POST racing this one cannot store the file twice;
  // handed back if the file is refused, so the client can upload a good one.
  upload.used = true;
  let fileId: number;
  try {
    fileId = await store(portal, call, upload.FILENAME, extensionOf(upload.FILENAME), file.data, 'uploadUrl');
  } catch (error) {
    upload.used = false;
    throw error;
  }
  call.attachRecordRequests.push({
    at: portal.nowIso(),
    params: { step: 'upload', FILENAME: upload.FILENAME, size: String(file.data.length) },
    outcome: 'ok',
  });
  return { FILE_ID: fileId };
}

function extensionOf(filename: string): 'wav' | 'mp3' {
  const match = /\.([A-Za-z0-9]+)$/.exec(filename.trim());
  const extension = match?.[1]?.toLowerCase();
  if (extension !== 'wav' && extension !== 'mp3')
    throw coreError('Wrong file extension. Only wav and mp3 are allowed');
  return extension;
}

const maxRedirects = 5;

/**
 * Fetches RECORD_URL as the cloud does: http(s) only, never from a non-public address (checked again
 * on every redirect), the remote status reported as "Server returns HTTP error code N".
 */
async function download(url: string, allowPrivate: boolean): Promise<Buffer> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw coreError('Could not download the file from RECORD_URL');
  }
  for (let hop = 0; hop <= maxRedirects; hop += 1) {
    if (target.protocol !== 'http:' && target.protocol !== 'https:')
      throw coreError('Could not download the file from RECORD_URL');
    const kind = await addressKind(target.hostname);
    if (kind === 'unresolvable') throw coreError('Could not download the file from RECORD_URL');
    if (kind === 'non-public' && !allowPrivate)
      throw uncodedError('Record URL resolves to a non-public address and was blocked.');
    let response: Response;
    try {
      response = await fetch(target, { signal: AbortSignal.timeout(10_000), redirect: 'manual' });
    } catch {
      throw coreError('Could not download the file from RECORD_URL');
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      target = new URL(location, target);
      continue;
    }
    if (!response.ok) throw coreError(`Server returns HTTP error code ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }
  throw coreError('Could not download the file from RECORD_URL');
}

/** The emulator's own text (no documented one exists) for bytes that are not what the extension says. */
function invalidRecording(format: 'wav' | 'mp3', reason: string): RestError {
  return coreError(`File content is not a valid ${format.toUpperCase()} recording: ${reason}`);
}

async function store(
  portal: Portal,
  call: Call,
  filename: string,
  format: 'wav' | 'mp3',
  data: Buffer,
  via: CallRecording['via'],
): Promise<number> {
  if (data.length === 0) throw coreError('File content is empty.');
  const audio = checkAudio(data, format);
  if (!audio.ok) throw invalidRecording(format, audio.reason);
  if (format === 'mp3' && portal.config.audioCheck === 'decode') {
    const decoded = await decodeMp3(data);
    if (!decoded.ok) throw invalidRecording(format, decoded.reason);
  }
  const recording: CallRecording = {
    FILE_ID: portal.nextId('file'),
    FILENAME: filename,
    size: data.length,
    contentType: audio.contentType,
    format,
    durationSec: audio.durationSec,
    attachedAt: portal.nowIso(),
    via,
    content: data.toString('base64'),
  };
  call.replacedRecords.push(...call.records);
  call.records = [recording];
  const activity = portal.data.activities.find((item) => item.ID === call.activityId);
  if (activity) activity.RECORD_FILE_ID = recording.FILE_ID;
  portal.changed();
  return recording.FILE_ID;
}
