import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { bridgePath } from '../../common/host-api/bridge-protocol';
import { createHostDispatcher } from '../services/host-api/dispatcher';
import type { HostServices } from '../services/host-services';
import type { Logger } from '../services/log/logger';
import { maxFrameBytes, serveBridge } from './bridge';
import { deepLinkPath, serveDeepLinks } from './deep-link-route';
import { LaunchKeyGate } from './launch-key-gate';

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
  /** The host's origin. */
  url: string;
  /** The address to open in the agent's browser: the origin with this launch's key. */
  openUrl: string;
  close(): Promise<void>;
}

/**
 * Serves the renderer to a browser tab and the host API over a WebSocket at `/host` on the same
 * origin. Nothing is served without this launch's key (launch-key-gate.ts): the page opened at
 * `openUrl` gets it as a cookie, and the bridge takes only upgrades with that cookie and the host's
 * own Origin. A page on another site, or a local process that knows the port and sends the right
 * Origin, must never be able to drive the agent's phone or read its settings.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { app, gate, sockets } = await buildWebHost(options);
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const url = originOf(app);
  return {
    url,
    openUrl: gate.openUrl(url),
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await app.close();
    },
  };
}

/** The web host's routes, hooks and bridge, not yet listening (tests may inject requests). */
export async function buildWebHost(
  options: Pick<WebHostOptions, 'services' | 'rendererDir' | 'log'>,
): Promise<{ app: FastifyInstance; gate: LaunchKeyGate; sockets: WebSocketServer }> {
  const { services, log } = options;
  if (!existsSync(`${options.rendererDir}/index.html`)) {
    throw new Error(`No built renderer in ${options.rendererDir}: run npm run build:web first`);
  }
  const app = Fastify({ logger: false });
  const gate = new LaunchKeyGate();
  app.addHook('onRequest', async (request, reply) => {
    // A link is untrusted whoever sends it (it only offers a number the agent must confirm), and
    // a browser following one from another site sends no SameSite=Strict cookie.
    if (request.url.split('?')[0] === deepLinkPath) return;
    if (gate.inUrl(request.raw)) reply.header('Set-Cookie', gate.setCookie(request.raw));
    else if (!gate.inCookie(request.raw)) {
      log.warn({ path: request.url.split('?')[0] }, 'request without the launch key refused');
      return reply
        .code(401)
        .type('text/plain; charset=utf-8')
        .send('Open the address the b24phone web host printed when it started: it carries its key.\n');
    }
  });
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

  app.server.on('upgrade', (request, socket, head) => {
    const origin = originOf(app);
    const path = new URL(request.url ?? '/', origin).pathname;
    if (path !== bridgePath || request.headers.origin !== origin || !gate.inCookie(request)) {
      log.warn({ path, origin: request.headers.origin }, 'bridge upgrade refused');
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });
  return { app, gate, sockets };
}

/** The origin the host listens on: the only one its page, and so its bridge, may come from. */
function originOf(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo;
  return `http://${address.address}:${address.port}`;
}
