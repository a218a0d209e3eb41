import type { FastifyInstance } from 'fastify';
import { faultBodySchema } from '../faults';
import { readSandboxBody } from '../http/body';
import { expireAllAccessTokens, revokeRefreshTokens } from '../oauth/tokens';
import type { Portal } from '../state/portal';
import { badRequest } from './sandbox-routes';

/** The pending re-listen of a refuse-mode outage. */
interface Outage {
  reopen: NodeJS.Timeout | null;
}

/** POST / GET / DELETE /_sandbox/faults (see faults.ts for what each fault does). */
export function registerFaultRoutes(app: FastifyInstance, portal: Portal): void {
  const outage: Outage = { reopen: null };
  // Closing the emulator during a refuse-mode outage must not bring the socket back afterwards.
  app.addHook('preClose', (done) => {
    if (outage.reopen) clearTimeout(outage.reopen);
    done();
  });

  app.get('/_sandbox/faults', () => ({ active: portal.faults.active(), history: portal.faults.history }));
  app.delete('/_sandbox/faults', () => {
    portal.faults.clear(portal.nowIso());
    return { active: portal.faults.active() };
  });
  app.post('/_sandbox/faults', (request, reply) => {
    const parsed = faultBodySchema.safeParse(readSandboxBody(request));
    if (!parsed.success)
      return badRequest(reply, 'not a fault body (see docs/sandbox-portal.md)', parsed.error.issues);
    const body = parsed.data;
    const at = portal.nowIso();
    const applied: Record<string, unknown> = {};
    if (body.down !== undefined && body.down !== false && body.down !== true && body.down.mode === 'refuse') {
      if (!body.down.forMs)
        return badRequest(reply, '{"down": {"mode": "refuse"}} needs "forMs": nothing could lift it');
      if (!app.server.listening)
        return badRequest(reply, 'refuse mode needs a listening server (not inject())');
    }
    portal.faults.set(body, at);
    if (body.expireAllTokens) {
      applied.expireAllTokens = { tokensExpired: expireAllAccessTokens(portal) };
      portal.faults.record(at, 'expireAllTokens', applied.expireAllTokens as Record<string, unknown>);
    }
    if (body.revokeRefreshToken !== undefined) {
      const userId = typeof body.revokeRefreshToken === 'object' ? body.revokeRefreshToken.user_id : null;
      applied.revokeRefreshToken = { userId, tokensRevoked: revokeRefreshTokens(portal, userId) };
      portal.faults.record(at, 'revokeRefreshToken', applied.revokeRefreshToken as Record<string, unknown>);
    }
    const down = portal.faults.down;
    if (down?.mode === 'refuse' && down.forMs) {
      const forMs = down.forMs;
      reply.raw.once('finish', () => refuseConnections(app, portal, outage, forMs));
    }
    return { active: portal.faults.active(), applied };
  });
}

/**
 * `{"down": {"mode": "refuse", "forMs": N}}`: once the answer to this request is out, stop
 * listening (connections are refused, open ones cut) and listen again on the same port after N ms.
 */
function refuseConnections(app: FastifyInstance, portal: Portal, outage: Outage, forMs: number): void {
  const server = app.server;
  const port = Number(new URL(portal.origin).port);
  setImmediate(() => {
    server.close();
    server.closeAllConnections();
    outage.reopen = setTimeout(() => {
      outage.reopen = null;
      server.listen(port, '127.0.0.1', () => {
        portal.faults.down = null;
        portal.faults.record(portal.nowIso(), 'down lifted', { afterMs: forMs });
      });
    }, forMs);
  });
}
