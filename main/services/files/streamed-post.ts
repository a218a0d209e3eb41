import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';

/** Why a streamed POST got no answer: it timed out, the connection failed, or the answer was too big. */
export class StreamedPostError extends Error {
  constructor(
    readonly reason: 'timeout' | 'network' | 'answer-too-large',
    /** The socket's error code (ECONNREFUSED...) for a network failure, else empty. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StreamedPostError';
  }
}

export interface StreamedPost {
  /** The file streamed as the body (or its middle): never read whole into memory. */
  file: string;
  contentType: string;
  /** Bytes sent before and after the file (a multipart part's head and the closing boundary). */
  before?: Buffer;
  after?: Buffer;
  /** The longest the connection may stay idle. */
  timeoutMs: number;
  /** An answer longer than this is no answer of the endpoint's: the request is dropped. */
  maxAnswerBytes: number;
}

/**
 * POSTs a file streamed from disk with a known Content-Length (no chunked encoding, which some
 * upload endpoints refuse), so memory stays at one read buffer whatever the file's size; the
 * answer is read up to its cap. Fails with a StreamedPostError.
 */
export async function postStreamed(
  url: string,
  post: StreamedPost,
): Promise<{ status: number; body: string }> {
  const before = post.before ?? Buffer.alloc(0);
  const after = post.after ?? Buffer.alloc(0);
  const length = before.length + statSync(post.file).size + after.length;
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      {
        method: 'POST',
        headers: { 'Content-Type': post.contentType, 'Content-Length': length },
        timeout: post.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= post.maxAnswerBytes) chunks.push(chunk);
          else
            request.destroy(
              new StreamedPostError(
                'answer-too-large',
                '',
                `the answer exceeds ${post.maxAnswerBytes} bytes`,
              ),
            );
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', (error) => reject(asPostError(error)));
      },
    );
    request.on('timeout', () =>
      request.destroy(new StreamedPostError('timeout', '', `no answer within ${post.timeoutMs} ms`)),
    );
    request.on('error', (error) => reject(asPostError(error)));
    request.write(before);
    pipeline(createReadStream(post.file, { highWaterMark: 64 * 1024 }), request, { end: false })
      .then(() => request.end(after))
      .catch((error: unknown) => request.destroy(error instanceof Error ? error : new Error(String(error))));
  });
}

function asPostError(error: Error): StreamedPostError {
  if (error instanceof StreamedPostError) return error;
  const code = (error as { code?: unknown }).code;
  return new StreamedPostError('network', typeof code === 'string' ? code : '', error.message);
}
