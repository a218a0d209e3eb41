import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { bridgePath } from '../../common/host-api/bridge-protocol';
import { createHostDispatcher } from '../services/host-api/dispatcher';
import type { HostServices } from '../services/host-services';
import type { Logger } from '../services/log/logger';
import { maxFrameBytes, serveBridge } from './bridge';
import { serveDeepLinks } from './deep-link-route';

export interface WebHostOptions {
  services: HostServices;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  log: Logger;
  port?: number;
  /** Loopback by default; the bridge acts as the agent, so it must not be reachable by others. */
  host?: string;
}

export interface WebHost {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the renderer to a browser tab and the host API over a WebSocket at `/host` on the same
 * origin. Upgrades from any other origin are refused: a page on another site must never be able
 * to drive the agent's phone or read its settings.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { services, log } = options;
  if (!existsSync(`${options.rendererDir}/index.html`)) {
    throw new Error(`No built renderer in ${options.rendererDir}: run npm run build:web first`);
  }
  const app = Fastify({ logger: false });
  await app.register(fastifyStatic, { root: options.rendererDir });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
  });

  serveDeepLinks(app, services.events, log);

  const dispatch = createHostDispatcher(services.handlers, log);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  sockets.on('connection', (socket) => serveBridge(socket, dispatch, services.events, log));

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const url = `http://${address.address}:${address.port}`;

  app.server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', url).pathname;
    if (path !== bridgePath || request.headers.origin !== url) {
      log.warn({ path, origin: request.headers.origin }, 'bridge upgrade refused');
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  return {
    url,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await app.close();
    },
  };
}
