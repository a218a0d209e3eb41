import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RelayServices } from '../relay-services';
import { constantTimeEqual, bearerToken } from '../sessions/secrets';
import type { Portal } from '../stores/stores';
import { refuse } from './errors';
import type { ZodTypeProvider } from './zod-type-provider';

const routeQuerySchema = z.object({
  phone: z.string().trim().min(1).max(64),
  /** member_id or domain; optional when the relay serves one portal. */
  portal: z.string().trim().max(255).optional(),
  format: z.enum(['json', 'text']).default('json'),
  token: z.string().max(512).optional(),
});

const revokeSchema = z.union([
  z.object({ sessionId: z.string().min(1).max(100) }),
  z.object({ memberId: z.string().min(1).max(64), userId: z.number().int().positive().optional() }),
]);

/**
 * Operations: health and readiness, Prometheus metrics, the PBX routing look-up (with its own
 * token) and the administrator's API (sessions, portals) behind the admin token.
 */
export function registerOpsRoutes(app: FastifyInstance, services: RelayServices): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { secrets } = services.config;

  app.get('/health', () => ({ status: 'ok' }));

  // Not ready while its database or, with several relays, the channel to the others is down: the
  // balancer then sends agents and events to an instance that can serve them.
  app.get('/ready', async (_request, reply) => {
    const storeOk = await services.stores.ping();
    const bus = services.stores.bus;
    const ready = storeOk && (bus?.listening ?? true);
    const portals = storeOk ? (await services.stores.portals.list()).length : 0;
    return reply.code(ready ? 200 : 503).send({
      ready,
      store: storeOk,
      ...(bus ? { notifications: bus.listening } : {}),
      portals,
      agents: services.hub.connectionCount,
    });
  });

  app.get('/metrics', (_request, reply) =>
    reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8').send(services.metrics.render()),
  );

  typed.get('/route', { schema: { querystring: routeQuerySchema } }, async (request, reply) => {
    const expected = secrets.routeToken;
    if (!expected)
      return refuse(reply, 404, 'disabled', 'Routing look-ups are not enabled (RELAY_ROUTE_TOKEN)');
    const presented = bearerToken(request.headers.authorization) ?? request.query.token ?? '';
    if (!constantTimeEqual(presented, expected))
      return refuse(reply, 401, 'unauthenticated', 'Wrong route token');
    const portal = await portalFor(services, request.query.portal);
    if (!portal) return refuse(reply, 404, 'unknown-portal', 'Say which portal (portal=member_id or domain)');
    const route = await services.routes.route(portal.memberId, request.query.phone);
    if (request.query.format === 'text')
      return reply.header('content-type', 'text/plain').send(route.extension);
    return route;
  });

  const admin = (authorization: string | undefined) => {
    const expected = secrets.adminToken;
    return expected !== undefined && constantTimeEqual(bearerToken(authorization) ?? '', expected);
  };

  app.get('/admin/portals', async (request, reply) => {
    if (!admin(request.headers.authorization))
      return refuse(reply, 401, 'unauthenticated', 'Admin token required');
    return (await services.stores.portals.list()).map((portal) => ({
      memberId: portal.memberId,
      domain: portal.domain,
      clientEndpoint: portal.clientEndpoint,
      installedAt: portal.installedAt,
    }));
  });

  app.delete('/admin/portals/:memberId', async (request, reply) => {
    if (!admin(request.headers.authorization))
      return refuse(reply, 401, 'unauthenticated', 'Admin token required');
    const { memberId } = request.params as { memberId: string };
    await services.uninstall(memberId);
    return reply.code(204).send();
  });

  app.get('/admin/sessions', async (request, reply) => {
    if (!admin(request.headers.authorization))
      return refuse(reply, 401, 'unauthenticated', 'Admin token required');
    const memberId = (request.query as { memberId?: string }).memberId;
    return (await services.sessions.list(memberId)).map((session) => ({
      sessionId: session.id,
      memberId: session.grant.memberId,
      userId: session.grant.userId,
      createdAt: session.createdAt,
      expiresAt: session.expiresAt,
    }));
  });

  typed.post('/admin/sessions/revoke', { schema: { body: revokeSchema } }, async (request, reply) => {
    if (!admin(request.headers.authorization))
      return refuse(reply, 401, 'unauthenticated', 'Admin token required');
    const body = request.body;
    if ('sessionId' in body) {
      await services.sessions.end([body.sessionId], 'revoked by an administrator');
      return { revoked: [body.sessionId] };
    }
    return {
      revoked: await services.sessions.endFor(body.memberId, body.userId, 'revoked by an administrator'),
    };
  });
}

async function portalFor(services: RelayServices, hint: string | undefined): Promise<Portal | null> {
  if (hint) return (await services.stores.portals.get(hint)) ?? services.stores.portals.findByDomain(hint);
  const portals = await services.stores.portals.list();
  return portals.length === 1 ? (portals[0] as Portal) : null;
}
