import { randomBytes } from 'node:crypto';
import { postStreamed, StreamedPostError } from '../files/streamed-post';
import { BitrixCallError } from './bitrix-call-error';

export interface MultipartFile {
  /** Where the file is on disk: it is streamed, never read whole into memory. */
  path: string;
  /** The name sent in the part's Content-Disposition. */
  name: string;
  contentType: string;
}

/** The portal answers an upload with a short REST answer about the file; anything longer is not one. */
const maxUploadAnswerBytes = 1024 * 1024;

/**
 * POSTs one file as multipart/form-data, streamed from disk (main/services/files/streamed-post.ts).
 * `timeoutMs` is the longest the connection may stay idle. Fails with a BitrixCallError.
 */
export async function postFileMultipart(
  url: string,
  fieldName: string,
  file: MultipartFile,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  const boundary = `----b24phone${randomBytes(12).toString('hex')}`;
  const safeName = file.name.replace(/["\r\n\\]/g, '_');
  try {
    return await postStreamed(url, {
      file: file.path,
      contentType: `multipart/form-data; boundary=${boundary}`,
      before: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${fieldName}"; filename="${safeName}"\r\n` +
          `Content-Type: ${file.contentType}\r\n\r\n`,
      ),
      after: Buffer.from(`\r\n--${boundary}--\r\n`),
      timeoutMs,
      maxAnswerBytes: maxUploadAnswerBytes,
    });
  } catch (error) {
    if (!(error instanceof StreamedPostError)) throw error;
    if (error.reason === 'timeout')
      throw new BitrixCallError('timeout', 'REQUEST_TIMEOUT', 'The upload timed out', 0);
    if (error.reason === 'answer-too-large')
      throw new BitrixCallError('server', 'ANSWER_TOO_LARGE', 'The upload answer is too large', 0);
    throw new BitrixCallError('network', error.code, error.message, 0);
  }
}
