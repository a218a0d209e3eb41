import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hubPath } from '../common/relay/hub-protocol';
import type { RelayConfig } from './config/relay-config';
import { registerAgentRoutes } from './http/agent-routes';
import { registerEventRoutes } from './http/event-routes';
import { registerOpsRoutes } from './http/ops-routes';
import { loggedUrl, requestLogFields } from './http/request-log';
import { useZodSchemas } from './http/zod-type-provider';
import { createRelayServices, type RelayDeps, type RelayServices } from './relay-services';

declare module 'fastify' {
  interface FastifyInstance {
    relay: RelayServices;
  }
}

/**
 * Builds the relay without listening: tests use `app.inject()` (and `listen({port: 0})` for the
 * WebSocket hub), `relay/cli.ts` listens on the configured address. The stores belong to the
 * caller, who closes them after `app.close()`.
 */
export function build(config: RelayConfig, deps: RelayDeps): FastifyInstance {
  const app = Fastify<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    // Fastify logs every request's address: with the secrets in its query redacted.
    loggerInstance: deps.log.child({}, { serializers: { req: requestLogFields } }),
    bodyLimit: config.limits.bodyBytes,
    // request.ip is the client's from X-Forwarded-For only when the socket's peer is a configured
    // proxy; anyone else could write that header and pass for another address (in the logs, and to
    // the per-address limits).
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
  });
  useZodSchemas(app);
  const services = createRelayServices(config, deps);
  app.decorate('relay', services);

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error, url: loggedUrl(request.url) }, 'relay request failed');
    return reply.code(status).send({
      error: status === 413 ? 'too-large' : status < 500 ? 'bad-request' : 'internal',
      message: status < 500 ? error.message : 'The relay could not handle this request',
    });
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'no-referrer');
  });

  registerEventRoutes(app, services);
  registerAgentRoutes(app, services);
  registerOpsRoutes(app, services);
  app.get('/', () => ({ service: 'b24phone relay' }));

  app.server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://relay').pathname;
    if (path !== hubPath) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    services.hub.upgrade(request, socket, head).catch((error: unknown) => {
      deps.log.error({ err: error }, 'hub upgrade failed');
      socket.destroy();
    });
  });
  app.addHook('onReady', (done) => {
    services.start();
    done();
  });
  app.addHook('preClose', async () => services.stop());
  return app;
}
