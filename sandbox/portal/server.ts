import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import type { Clock } from './clock';
import type { ConfigPatch } from './config';
import { applyConfigPatch, defaultConfig } from './config';
import { buildRegistry } from './methods/registry';
import { registerAuthorizeRoutes } from './oauth/authorize-routes';
import { registerOAuthTokenRoutes } from './oauth/oauth-routes';
import { registerControlRoutes } from './sandbox-api/control-routes';
import { registerObservationRoutes } from './sandbox-api/sandbox-routes';
import type { PortalData } from './state/portal-data';
import { Portal } from './state/portal';
import { parseRestPath } from './transport/rest-path';
import { registerRestRoutes } from './transport/rest-routes';
import { registerUiRoutes } from './ui/ui-routes';

export interface BuildOptions {
  data?: PortalData;
  config?: ConfigPatch;
  clock?: Clock;
  /** The address clients use, until `listen()` knows the real one (tests with inject() keep it). */
  origin?: string;
}

/** The fastify instance of the emulator, with the portal it serves. */
export type PortalServer = FastifyInstance & { portal: Portal };

/** Paths a "down" portal refuses: everything Bitrix24 itself would serve (REST and OAuth). */
function isPortalFacing(url: string | undefined): boolean {
  return /^\/(rest|oauth|oauth-server)(\/|$)/.test(url ?? '');
}

/** A request the "down" fault cut off still shows in the request log, so tests can count attempts. */
function recordRefused(portal: Portal, httpMethod: string, url: string, ip: string): void {
  const path = url.split('?')[0] ?? '';
  const method = path.startsWith('/rest/') ? (parseRestPath(path)?.method ?? path) : 'oauth/token';
  portal.requests.push({
    id: portal.nextId('request'),
    at: portal.nowIso(),
    kind: path.startsWith('/rest/') ? 'rest' : 'oauth',
    httpMethod,
    path,
    method,
    authKind: 'none',
    userId: null,
    appClientId: null,
    ip,
    params: {},
    status: 0,
    error: null,
    errorDescription: null,
    fault: 'down',
    batchOf: null,
    durationMs: 0,
  });
  portal.faults.record(portal.nowIso(), 'down', { url });
}

/**
 * Builds the emulator without listening: tests drive it with `app.inject()`; `listen()` puts it on
 * 127.0.0.1. Every request body is read as a Buffer and parsed the portal's way (see transport/).
 */
export function build(options: BuildOptions = {}): PortalServer {
  const config = applyConfigPatch(structuredClone(defaultConfig), options.config ?? {});
  const portal = new Portal({
    config,
    ...(options.data ? { data: options.data } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.origin ? { origin: options.origin } : {}),
  });
  const app = Fastify({
    logger: false,
    bodyLimit: config.bodyLimitBytes,
    serverFactory: (handler) =>
      createServer((request, response) => {
        if (portal.faults.down && isPortalFacing(request.url)) {
          recordRefused(
            portal,
            request.method ?? 'GET',
            request.url ?? '',
            request.socket.remoteAddress ?? '',
          );
          request.socket.destroy();
          return;
        }
        handler(request, response);
      }),
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: { statusCode?: number; message?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) {
      return reply
        .code(413)
        .header('content-type', 'text/html')
        .send('<html><body><h1>413 Request Entity Too Large</h1></body></html>');
    }
    return reply
      .code(status)
      .send({ error: 'INTERNAL_SERVER_ERROR', error_description: error.message ?? 'Internal server error' });
  });

  const registry = buildRegistry();
  registerRestRoutes(app, portal, registry);
  registerOAuthTokenRoutes(app, portal);
  registerAuthorizeRoutes(app, portal);
  registerUiRoutes(app, portal);
  registerObservationRoutes(app, portal);
  registerControlRoutes(app, portal);
  return Object.assign(app, { portal });
}

/** Listens on 127.0.0.1 (never another interface) and tells the portal its real address. */
export async function listen(app: PortalServer, port: number): Promise<string> {
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  app.portal.origin = `http://127.0.0.1:${address.port}`;
  return app.portal.origin;
}
