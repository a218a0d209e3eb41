import type { IncomingHttpHeaders } from 'node:http';
import type { ParamMap } from '../state/model';
import { PhpParamBuilder } from './php-params';

/** A file part of a multipart body (what PHP puts in $_FILES). */
export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface RequestParams {
  params: ParamMap;
  files: UploadedFile[];
}

/**
 * Query and body merged as $_REQUEST is: body keys win over query keys at the top level. JSON
 * bodies keep their types; form and multipart bodies give strings with PHP bracket keys. A body the
 * portal cannot read (bad JSON, an unknown content type) contributes nothing, as in PHP.
 */
export async function readRequestParams(
  rawUrl: string,
  headers: IncomingHttpHeaders,
  body: Buffer | undefined,
): Promise<RequestParams> {
  const queryIndex = rawUrl.indexOf('?');
  const query = queryIndex >= 0 ? rawUrl.slice(queryIndex + 1) : '';
  const fromQuery = new PhpParamBuilder().addQuery(query).build();
  const { params: fromBody, files } = await readBody(headers, body);
  return { params: { ...fromQuery, ...fromBody }, files };
}

async function readBody(headers: IncomingHttpHeaders, body: Buffer | undefined): Promise<RequestParams> {
  if (!body || body.length === 0) return { params: {}, files: [] };
  const contentType = (headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return { params: parsed as ParamMap, files: [] };
      }
    } catch {
      // PHP's json_decode fails quietly: the method sees no parameters.
    }
    return { params: {}, files: [] };
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return { params: new PhpParamBuilder().addQuery(body.toString('utf8')).build(), files: [] };
  }
  if (contentType.startsWith('multipart/form-data'))
    return readMultipart(headers['content-type'] ?? '', body);
  return { params: {}, files: [] };
}

async function readMultipart(contentType: string, body: Buffer): Promise<RequestParams> {
  const builder = new PhpParamBuilder();
  const files: UploadedFile[] = [];
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    return { params: {}, files: [] };
  }
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      builder.add(name, value);
    } else {
      files.push({
        field: name,
        filename: value.name,
        contentType: value.type,
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
  }
  return { params: builder.build(), files };
}
