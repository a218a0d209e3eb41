import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { BitrixCallError } from './bitrix-call-error';

export interface MultipartFile {
  /** Where the file is on disk: it is streamed, never read whole into memory. */
  path: string;
  /** The name sent in the part's Content-Disposition. */
  name: string;
  contentType: string;
}

/**
 * POSTs one file as multipart/form-data, streamed from disk with a known Content-Length (no
 * chunked encoding, which some upload endpoints refuse). Memory stays at one read buffer
 * whatever the file's size. `timeoutMs` is the longest the connection may stay idle.
 */
export async function postFileMultipart(
  url: string,
  fieldName: string,
  file: MultipartFile,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  const boundary = `----b24phone${randomBytes(12).toString('hex')}`;
  const safeName = file.name.replace(/["\r\n\\]/g, '_');
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${fieldName}"; filename="${safeName}"\r\n` +
      `Content-Type: ${file.contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = statSync(file.path).size;
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      {
        method: 'POST',
        headers: {
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': head.length + size + tail.length,
        },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () =>
      request.destroy(new BitrixCallError('timeout', 'REQUEST_TIMEOUT', 'The upload timed out', 0)),
    );
    request.on('error', (error) =>
      reject(
        error instanceof BitrixCallError
          ? error
          : new BitrixCallError('network', codeOf(error), error.message, 0),
      ),
    );
    request.write(head);
    pipeline(createReadStream(file.path, { highWaterMark: 64 * 1024 }), request, { end: false })
      .then(() => request.end(tail))
      .catch((error: unknown) => request.destroy(error instanceof Error ? error : new Error(String(error))));
  });
}

function codeOf(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}
