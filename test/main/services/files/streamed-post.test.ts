import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postStreamed, StreamedPostError } from '../../../../main/services/files/streamed-post';

let folder: string;
let server: http.Server | null = null;

beforeEach(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'streamed-post-'));
});
afterEach(async () => {
  rmSync(folder, { recursive: true, force: true });
  const open = server;
  server = null;
  if (!open) return;
  open.closeAllConnections();
  await new Promise((resolve) => open.close(resolve));
});

/** A loopback endpoint that records what it received and answers with `answer`. */
async function endpoint(answer: (response: http.ServerResponse) => void) {
  const received: Array<{ headers: http.IncomingHttpHeaders; body: Buffer }> = [];
  const listening = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      answer(response);
    });
  });
  server = listening;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}/upload`, received };
}

function file(content: string): string {
  const name = path.join(folder, 'recording.mp3');
  writeFileSync(name, content);
  return name;
}

describe('a streamed POST', () => {
  it('sends the bytes around the file with their exact length, and reads the answer', async () => {
    const { url, received } = await endpoint((response) => response.end('{"result":true}'));
    const answer = await postStreamed(url, {
      file: file('FILE'),
      contentType: 'multipart/form-data; boundary=x',
      before: Buffer.from('<head>'),
      after: Buffer.from('<tail>'),
      timeoutMs: 10_000,
      maxAnswerBytes: 1024,
    });
    expect(answer).toEqual({ status: 200, body: '{"result":true}' });
    expect(received[0]?.body.toString()).toBe('<head>FILE<tail>');
    expect(received[0]?.headers['content-length']).toBe('16');
    expect(received[0]?.headers['transfer-encoding']).toBeUndefined();
  });

  it('drops an answer longer than its cap instead of holding it in memory', async () => {
    const { url } = await endpoint((response) => {
      response.write('x'.repeat(64 * 1024));
      response.end('x'.repeat(64 * 1024));
    });
    const posting = postStreamed(url, {
      file: file('FILE'),
      contentType: 'audio/mpeg',
      timeoutMs: 10_000,
      maxAnswerBytes: 1024,
    });
    await expect(posting).rejects.toBeInstanceOf(StreamedPostError);
    await expect(posting).rejects.toMatchObject({ reason: 'answer-too-large' });
  });

  it('fails as a network failure with the socket code when nothing listens', async () => {
    const { url } = await endpoint((response) => response.end());
    const closing = server!;
    server = null;
    await new Promise((resolve) => closing.close(resolve));
    const post = { file: file('FILE'), contentType: 'audio/mpeg', timeoutMs: 10_000, maxAnswerBytes: 1024 };
    await expect(postStreamed(url, post)).rejects.toMatchObject({ reason: 'network', code: 'ECONNREFUSED' });
  });

  it('times out when the endpoint stays silent', async () => {
    const { url } = await endpoint(() => undefined);
    const post = { file: file('FILE'), contentType: 'audio/mpeg', timeoutMs: 200, maxAnswerBytes: 1024 };
    await expect(postStreamed(url, post)).rejects.toMatchObject({ reason: 'timeout' });
  });
});
