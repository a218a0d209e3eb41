import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { mp3File, undecodableMp3, wavFile } from '../support/audio';
import type { TestPortal } from '../support/portal';
import { finishCall, registerCall, testPortal } from '../support/portal';

let portal: TestPortal;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await portal.app.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

interface RecordView {
  FILE_ID: number;
  FILENAME: string;
  size: number;
  contentType: string;
  format: string;
  durationSec: number;
  via: string;
  url: string;
}
interface CallView {
  records: RecordView[];
  replacedRecords: RecordView[];
  attachRecordRequests: { outcome: string }[];
  transcriptions: { MESSAGES: unknown[] }[];
}

async function callView(): Promise<CallView> {
  const { calls } = await portal.sandbox<{ calls: CallView[] }>('/_sandbox/calls');
  if (!calls[0]) throw new Error('no call');
  return calls[0];
}

/** A real HTTP server holding one recording at /rec/call-42.wav (and a redirect to it at /moved). */
async function recordingServer(): Promise<string> {
  const wav = wavFile();
  const server = createServer((request, response) => {
    if (request.url === '/rec/call-42.wav') response.writeHead(200, { 'content-type': 'audio/wav' }).end(wav);
    else if (request.url === '/moved') response.writeHead(302, { location: '/rec/call-42.wav' }).end();
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A multipart body with the file in part `file`, as an HTTP client would send it to uploadUrl. */
async function multipart(file: Buffer): Promise<{ headers: Record<string, string>; payload: Buffer }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)], { type: 'audio/mpeg' }), 'whatever.bin');
  const encoded = new Response(form);
  return {
    headers: { 'content-type': encoded.headers.get('content-type') ?? '' },
    payload: Buffer.from(await encoded.arrayBuffer()),
  };
}

async function finishedCall(): Promise<{ token: string; callId: string }> {
  const { access_token: token } = await portal.tokens(2);
  const callId = await registerCall(portal, token);
  await finishCall(portal, token, callId);
  return { token, callId };
}

describe('telephony.externalCall.attachRecord', () => {
  it('refuses a recording before finish with the documented text and its empty code', async () => {
    portal = testPortal({ ambiguities: { blankErrorCodes: 'none' } });
    const { access_token: token } = await portal.tokens(2);
    const callId = await registerCall(portal, token);
    const reply = await portal.call(
      'telephony.externalCall.attachRecord',
      { CALL_ID: callId, FILENAME: 'a.mp3', FILE_CONTENT: mp3File().toString('base64') },
      token,
    );
    expect(reply).toEqual({
      status: 400,
      body: {
        error: '',
        error_description: 'Call is not found in the statistic table. It looks like it is not finished yet.',
      },
    });
    expect((await callView()).attachRecordRequests.map((request) => request.outcome)).toEqual(['error']);
  });

  it('validates the parameters with the documented texts and codes', async () => {
    portal = testPortal({ ambiguities: { blankErrorCodes: 'none' } });
    const { token, callId } = await finishedCall();
    // The page lists the first one with an empty code ("Empty value"), the others as ERROR_CORE.
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { CALL_ID: callId },
        '',
        'Required parameters are not set. Request should contain either URL or FILENAME parameter',
      ],
      [{ CALL_ID: callId, FILENAME: '' }, 'ERROR_CORE', 'File name is empty'],
      [
        { CALL_ID: callId, FILENAME: 'call.ogg', FILE_CONTENT: 'AAAA' },
        'ERROR_CORE',
        'Wrong file extension. Only wav and mp3 are allowed',
      ],
      [{ CALL_ID: callId, FILENAME: 'call.mp3', FILE_CONTENT: '' }, 'ERROR_CORE', 'File content is empty.'],
      [
        { CALL_ID: callId, FILENAME: 'call.mp3', FILE_CONTENT: 'not base64 !!' },
        'ERROR_CORE',
        'File content is not properly encoded. Base64 encoding is expected.',
      ],
    ];
    for (const [params, code, text] of cases) {
      expect(await portal.call('telephony.externalCall.attachRecord', params, token), text).toEqual({
        status: 400,
        body: { error: code, error_description: text },
      });
    }
  });

  it('accepts only complete audio matching the extension', async () => {
    portal = testPortal();
    const { token, callId } = await finishedCall();
    const attach = (filename: string, content: Buffer) =>
      portal.call(
        'telephony.externalCall.attachRecord',
        { CALL_ID: callId, FILENAME: filename, FILE_CONTENT: content.toString('base64') },
        token,
      );
    const mp3 = mp3File();
    const wav = wavFile();
    expect((await attach('call.wav', mp3)).body.error_description).toMatch(
      /^File content is not a valid WAV recording/,
    );
    expect((await attach('call.mp3', wav)).body.error_description).toMatch(
      /^File content is not a valid MP3 recording/,
    );
    expect((await attach('call.mp3', mp3.subarray(0, mp3.length - 50))).body.error_description).toMatch(
      /cut off/,
    );
    expect((await attach('call.wav', wav.subarray(0, wav.length - 100))).body.error_description).toMatch(
      /incomplete/,
    );
    expect((await attach('call.mp3', Buffer.from('ID3 but really text, not audio at all'))).status).toBe(400);
    expect((await attach('call.mp3', undecodableMp3())).body.error_description).toMatch(
      /^File content is not a valid MP3 recording: it does not decode \(.+\)$/,
    );
    const ok = await attach('call.MP3', mp3);
    expect(ok.status).toBe(200);
    expect(ok.body.result).toEqual({ FILE_ID: expect.any(Number) as number });
  });

  it('checks only the frame structure with audioCheck "structure" (for machines without ffmpeg)', async () => {
    portal = testPortal({ audioCheck: 'structure' });
    const { token, callId } = await finishedCall();
    const reply = await portal.call(
      'telephony.externalCall.attachRecord',
      { CALL_ID: callId, FILENAME: 'call.mp3', FILE_CONTENT: undecodableMp3().toString('base64') },
      token,
    );
    expect(reply.status).toBe(200);
  });

  it('keeps one recording per CALL_ID: a second attach replaces the first', async () => {
    portal = testPortal();
    const { token, callId } = await finishedCall();
    await portal.call(
      'telephony.externalCall.attachRecord',
      { CALL_ID: callId, FILENAME: 'leg1.wav', FILE_CONTENT: wavFile(1).toString('base64') },
      token,
    );
    await portal.call(
      'telephony.externalCall.attachRecord',
      { CALL_ID: callId, FILENAME: 'leg2.mp3', FILE_CONTENT: mp3File(2).toString('base64') },
      token,
    );
    const view = await callView();
    expect(
      view.records.map((record) => [record.FILENAME, record.format, record.contentType, record.via]),
    ).toEqual([['leg2.mp3', 'mp3', 'audio/mpeg', 'FILE_CONTENT']]);
    expect(view.records[0]?.durationSec).toBeCloseTo(2, 0);
    expect(view.replacedRecords.map((record) => record.FILENAME)).toEqual(['leg1.wav']);
    const download = await portal.app.inject({
      method: 'GET',
      url: new URL(view.records[0]?.url ?? '').pathname,
    });
    expect(download.headers['content-type']).toBe('audio/mpeg');
    expect(download.rawPayload.equals(mp3File(2))).toBe(true);
  });

  it('answers FILENAME alone with an uploadUrl, then takes one good file as multipart part "file"', async () => {
    portal = testPortal();
    const { token, callId } = await finishedCall();
    const step1 = await portal.call(
      'telephony.externalCall.attachRecord',
      { CALL_ID: callId, FILENAME: 'call.mp3' },
      token,
    );
    const { uploadUrl, fieldName } = step1.body.result as { uploadUrl: string; fieldName: string };
    expect(fieldName).toBe('file');
    expect(uploadUrl).toMatch(/^http:\/\/127\.0\.0\.1:8099\/rest\/upload\.json\?auth=.+&token=.+/);
    const url = new URL(uploadUrl);
    const refused = await portal.request({
      method: 'POST',
      url: url.pathname + url.search,
      ...(await multipart(undecodableMp3())),
    });
    expect(refused.body.error_description).toMatch(/^File content is not a valid MP3 recording/);
    const upload = await portal.request({
      method: 'POST',
      url: url.pathname + url.search,
      ...(await multipart(mp3File())),
    });
    expect(upload).toMatchObject({
      status: 200,
      body: { result: { FILE_ID: expect.any(Number) as number } },
    });
    const again = await portal.request({
      method: 'POST',
      url: url.pathname + url.search,
      ...(await multipart(mp3File())),
    });
    expect(again).toMatchObject({
      status: 400,
      body: { error_description: 'Upload token is unknown or was already used' },
    });
    expect((await callView()).records.map((record) => [record.FILENAME, record.via])).toEqual([
      ['call.mp3', 'uploadUrl'],
    ]);
  });

  it.each([
    ['bare', (body: string) => expect(JSON.parse(body)).toEqual({ FILE_ID: expect.any(Number) as number })],
    ['empty', (body: string) => expect(body).toBe('')],
  ] as const)(
    'answers an upload %s with uploadAnswer (the page does not show the answer); the file is stored',
    async (shape, expected) => {
      portal = testPortal({ ambiguities: { uploadAnswer: shape } });
      const { token, callId } = await finishedCall();
      const step1 = await portal.call(
        'telephony.externalCall.attachRecord',
        { CALL_ID: callId, FILENAME: 'call.mp3' },
        token,
      );
      const url = new URL((step1.body.result as { uploadUrl: string }).uploadUrl);
      const upload = await portal.app.inject({
        method: 'POST',
        url: url.pathname + url.search,
        ...(await multipart(mp3File())),
      });
      expect(upload.statusCode).toBe(200);
      expected(upload.body);
      expect((await callView()).records.map((record) => record.via)).toEqual(['uploadUrl']);
    },
  );

  it('expireTokens on "upload": the uploadUrl answers expired_token, the first leg with a new token works', async () => {
    portal = testPortal();
    const { token, callId } = await finishedCall();
    const step1 = await portal.call(
      'telephony.externalCall.attachRecord',
      { CALL_ID: callId, FILENAME: 'call.mp3' },
      token,
    );
    const url = new URL((step1.body.result as { uploadUrl: string }).uploadUrl);
    await portal.post('/_sandbox/faults', { expireTokens: { count: 1, methods: ['upload'] } });
    const upload = await portal.request({
      method: 'POST',
      url: url.pathname + url.search,
      ...(await multipart(mp3File())),
    });
    expect(upload).toMatchObject({ status: 401, body: { error: 'expired_token' } });
    expect((await callView()).records).toEqual([]);
    const { access_token: fresh } = await portal.tokens(2);
    const again = await portal.call(
      'telephony.externalCall.attachRecord',
      { CALL_ID: callId, FILENAME: 'call.mp3' },
      fresh,
    );
    expect(again.status).toBe(200);
    const { requests } = await portal.sandbox<{ requests: { method: string; fault: string | null }[] }>(
      '/_sandbox/requests?method=upload',
    );
    expect(requests.map((request) => request.fault)).toEqual(['expireTokens']);
  });

  it('refuses RECORD_URL on a non-public address, as the cloud does, including the deprecated finish RECORD_URL', async () => {
    portal = testPortal();
    const base = await recordingServer();
    const { token, callId } = await finishedCall();
    const blocked = {
      status: 400,
      body: { error: '', error_description: 'Record URL resolves to a non-public address and was blocked.' },
    };
    for (const url of [
      `${base}/rec/call-42.wav`,
      `${base.replace('127.0.0.1', 'localhost')}/rec/call-42.wav`,
      'http://10.1.2.3/rec/call.wav',
      'http://192.168.0.10/rec/call.wav',
      'http://[::1]/rec/call.wav',
    ]) {
      expect(
        await portal.call('telephony.externalCall.attachRecord', { CALL_ID: callId, RECORD_URL: url }, token),
        url,
      ).toEqual(blocked);
    }
    const other = await registerCall(portal, token, { EXTERNAL_CALL_ID: 'deprecated' });
    await finishCall(portal, token, other, { RECORD_URL: `${base}/rec/call-42.wav` });
    await expect
      .poll(async () => {
        const { calls } = await portal.sandbox<{ calls: (CallView & { CALL_ID: string })[] }>(
          '/_sandbox/calls',
        );
        return calls.find((call) => call.CALL_ID === other)?.attachRecordRequests;
      })
      .toEqual([
        expect.objectContaining({
          outcome: 'error',
          error: { code: '', description: blocked.body.error_description },
        }),
      ]);
    expect((await callView()).records).toEqual([]);
  });

  it('downloads RECORD_URL (private addresses allowed for the test) and reports the remote HTTP error code', async () => {
    portal = testPortal({ recordUrlAllowPrivate: true });
    const wav = wavFile();
    const base = await recordingServer();
    const { token, callId } = await finishedCall();
    const missing = await portal.call(
      'telephony.externalCall.attachRecord',
      { CALL_ID: callId, RECORD_URL: `${base}/rec/gone.wav` },
      token,
    );
    expect(missing.body.error_description).toBe('Server returns HTTP error code 404');
    const redirected = await portal.call(
      'telephony.externalCall.attachRecord',
      { CALL_ID: callId, RECORD_URL: `${base}/moved`, FILENAME: 'moved.wav' },
      token,
    );
    expect(redirected.status).toBe(200);
    const named = await portal.call(
      'telephony.externalCall.attachRecord',
      { CALL_ID: callId, RECORD_URL: `${base}/rec/call-42.wav` },
      token,
    );
    expect(named.status).toBe(200);
    const view = await callView();
    expect(view.records.map((record) => [record.FILENAME, record.via, record.size])).toEqual([
      ['call-42.wav', 'RECORD_URL', wav.length],
    ]);
    expect(view.replacedRecords.map((record) => record.FILENAME)).toEqual(['moved.wav']);
    const { access_token: second } = await portal.tokens(3);
    const other = await registerCall(portal, second, { USER_ID: 3, EXTERNAL_CALL_ID: 'deprecated' });
    await finishCall(portal, second, other, { USER_ID: 3, RECORD_URL: `${base}/rec/call-42.wav` });
    await expect
      .poll(async () => {
        const { calls } = await portal.sandbox<{ calls: (CallView & { CALL_ID: string })[] }>(
          '/_sandbox/calls',
        );
        return calls.find((call) => call.CALL_ID === other)?.records.length;
      })
      .toBe(1);
  });
});

describe('telephony.call.attachTranscription', () => {
  it('validates the messages and needs a finished call', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const callId = await registerCall(portal, token);
    const message = { SIDE: 'Client', START_TIME: 0, STOP_TIME: 3, MESSAGE: 'Hello' };
    const cases: [Record<string, unknown>, string][] = [
      [{ MESSAGES: [message] }, 'CALL_ID should be set'],
      [{ CALL_ID: callId, MESSAGES: 'Hello' }, 'MESSAGES should be an array'],
      [
        { CALL_ID: callId, MESSAGES: [message, { ...message, SIDE: 'Agent' }] },
        'MESSAGES[1][SIDE] should be either Client or User',
      ],
      [
        { CALL_ID: callId, MESSAGES: [{ ...message, START_TIME: -1 }] },
        'MESSAGES[0][START_TIME] should be greater or equal to zero',
      ],
      [
        { CALL_ID: callId, MESSAGES: [{ ...message, STOP_TIME: 0 }] },
        'MESSAGES[0][STOP_TIME] should be greater than zero',
      ],
      [
        { CALL_ID: callId, MESSAGES: [{ ...message, STOP_TIME: 0.5 }] },
        'MESSAGES[0][STOP_TIME] should be greater than zero',
      ],
      [
        { CALL_ID: callId, MESSAGES: [{ ...message, START_TIME: undefined }] },
        'MESSAGES[0][START_TIME] should be greater or equal to zero',
      ],
      [{ CALL_ID: callId, MESSAGES: [{ ...message, MESSAGE: '' }] }, 'MESSAGES[0][MESSAGE] is empty'],
      [{ CALL_ID: callId, MESSAGES: [message] }, `Call ${callId} is not found. Is it finished?`],
    ];
    for (const [params, text] of cases) {
      expect(
        (await portal.call('telephony.call.attachTranscription', params, token)).body.error_description,
        text,
      ).toBe(text);
    }
    await finishCall(portal, token, callId);
    const form = `auth=${token}&CALL_ID=${callId}&MESSAGES[0][SIDE]=User&MESSAGES[0][START_TIME]=0.4&MESSAGES[0][STOP_TIME]=2.9&MESSAGES[0][MESSAGE]=Hi`;
    const ok = await portal.request({
      method: 'POST',
      url: '/rest/telephony.call.attachTranscription',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form,
    });
    expect(ok).toMatchObject({ status: 200, body: { result: { TRANSCRIPT_ID: 1 } } });
    expect((await callView()).transcriptions[0]?.MESSAGES).toEqual([
      { SIDE: 'User', START_TIME: 0, STOP_TIME: 2, MESSAGE: 'Hi' },
    ]);
  });
});
