import type { FastifyRequest } from 'fastify';
import type { ParamMap } from '../state/model';
import { PhpParamBuilder } from '../transport/php-params';

/** Every body arrives as a Buffer (one catch-all parser); this reads a sandbox route's JSON or form body. */
export function readSandboxBody(request: FastifyRequest): unknown {
  const body = request.body;
  if (!Buffer.isBuffer(body) || body.length === 0) return {};
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded'))
    return new PhpParamBuilder().addQuery(body.toString('utf8')).build();
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The request's query string parsed PHP-style. */
export function queryParams(rawUrl: string): ParamMap {
  const index = rawUrl.indexOf('?');
  return new PhpParamBuilder().addQuery(index >= 0 ? rawUrl.slice(index + 1) : '').build();
}
