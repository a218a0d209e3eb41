import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';

/** POSTs a file as the whole request body, streamed from disk; resolves with the answer. */
export async function postFile(
  url: string,
  file: string,
  contentType: string,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      {
        method: 'POST',
        headers: { 'Content-Type': contentType, 'Content-Length': statSync(file).size },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          // An answer larger than any transcript of a call is not one.
          if (size > 16 * 1024 * 1024) request.destroy(new Error('answer too large'));
          else chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    pipeline(createReadStream(file), request).catch(reject);
  });
}
