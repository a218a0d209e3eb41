import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MethodDefinition } from '../methods/method';
import type { Portal } from '../state/portal';
import { readRequestParams } from './request-params';
import { handleRestRequest } from './rest-pipeline';

/** The source address the rate limit counts: the socket's, or X-Forwarded-For when configured. */
export function sourceIp(portal: Portal, request: FastifyRequest): string {
  if (portal.config.rateLimit.trustForwardedFor) {
    const forwarded = request.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return request.ip;
}

/** `/rest/*`: every method, every encoding, GET or POST, OAuth or inbound webhook. */
export function registerRestRoutes(
  app: FastifyInstance,
  portal: Portal,
  registry: ReadonlyMap<string, MethodDefinition>,
): void {
  app.route({
    method: ['GET', 'POST'],
    url: '/rest/*',
    handler: async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : undefined;
      const { params, files } = await readRequestParams(request.url, request.headers, body);
      const answer = await handleRestRequest(portal, registry, {
        httpMethod: request.method,
        rawUrl: request.url,
        ip: sourceIp(portal, request),
        params,
        files,
      });
      if (answer.headers) void reply.headers(answer.headers);
      if (answer.rawBody !== undefined)
        return reply
          .code(answer.status)
          .header('content-type', 'text/html; charset=utf-8')
          .send(answer.rawBody);
      return reply
        .code(answer.status)
        .header('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify(answer.body));
    },
  });
}
