import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Portal } from '../state/portal';
import { readRequestParams } from '../transport/request-params';
import { exchangeToken } from './token-endpoint';

const secretKeys = new Set(['client_secret', 'refresh_token', 'code']);

/**
 * The OAuth server: `/oauth/token/` on the portal's host (as in the brief and older docs) and
 * `/oauth-server/oauth/token/`, where `server_endpoint` leads the SDK. GET with a query or POST with
 * a form body. Without the trailing slash the server redirects, as a web server would.
 */
export function registerOAuthTokenRoutes(app: FastifyInstance, portal: Portal): void {
  for (const prefix of ['', '/oauth-server']) {
    app.route({
      method: ['GET', 'POST'],
      url: `${prefix}/oauth/token/`,
      handler: (request, reply) => handleToken(portal, request, reply),
    });
    app.route({
      method: ['GET', 'POST'],
      url: `${prefix}/oauth/token`,
      handler: (request, reply) => {
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        return reply.code(301).header('location', `${prefix}/oauth/token/${query}`).send();
      },
    });
  }
}

async function handleToken(portal: Portal, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const t0 = performance.now();
  const body = Buffer.isBuffer(request.body) ? request.body : undefined;
  const contentType = (request.headers['content-type'] ?? '').toLowerCase();
  // The OAuth server reads the query and form bodies only; a JSON body is not understood.
  const readable = contentType.startsWith('application/json') ? undefined : body;
  const { params } = await readRequestParams(request.url, request.headers, readable);
  const entry = {
    id: portal.nextId('request'),
    at: portal.nowIso(),
    kind: 'oauth' as const,
    httpMethod: request.method,
    path: request.url.split('?')[0] ?? '',
    method: 'oauth/token',
    authKind: 'none' as const,
    userId: null as number | null,
    appClientId: typeof params.client_id === 'string' ? params.client_id : null,
    ip: request.ip,
    params: Object.fromEntries(
      Object.entries(params).map(([key, value]) => [
        key,
        secretKeys.has(key) && typeof value === 'string' ? `${value.slice(0, 4)}…` : value,
      ]),
    ),
    status: 0,
    error: null as string | null,
    errorDescription: null as string | null,
    fault: null as string | null,
    batchOf: null,
    durationMs: 0,
  };
  portal.requests.push(entry);
  const delay = portal.faults.delayFor('oauth/token', 'oauth');
  if (delay > 0) {
    entry.fault = 'delayMs';
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  let status: number;
  let answer: object;
  if (portal.faults.take('status500', 'oauth/token', 'oauth', portal.nowIso())) {
    entry.fault = 'status500';
    status = 500;
    answer = { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' };
  } else if (portal.faults.take('status503', 'oauth/token', 'oauth', portal.nowIso())) {
    entry.fault = 'status503';
    status = 503;
    answer = { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' };
  } else {
    const result = exchangeToken(portal, params);
    if ('error' in result) {
      status = portal.config.ambiguities.oauthErrorStatus;
      answer = result;
    } else {
      status = 200;
      answer = result;
      entry.userId = result.user_id;
    }
  }
  entry.status = status;
  if ('error' in answer) {
    const error = answer as { error: string; error_description: string };
    entry.error = error.error;
    entry.errorDescription = error.error_description;
  }
  entry.durationMs = Math.round((performance.now() - t0) * 1000) / 1000;
  await reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(answer));
}
