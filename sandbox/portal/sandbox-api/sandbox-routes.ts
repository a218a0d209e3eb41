import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { normaliseMethodName } from '../faults';
import { issueTokenPair, tokenResponse } from '../oauth/tokens';
import type { Portal } from '../state/portal';
import { readSandboxBody } from '../http/body';
import { describeCall, describeCards } from './observe';

/** A 400 with the zod issues, for malformed sandbox requests. */
export function badRequest(reply: FastifyReply, message: string, issues?: unknown): FastifyReply {
  return reply.code(400).send({ error: 'SANDBOX_BAD_REQUEST', error_description: message, issues });
}

const tokensBody = z
  .object({ user_id: z.number().int().positive(), client_id: z.string().min(1).optional() })
  .strict();

/**
 * The observation side of /_sandbox/: tokens for tests, calls, cards, the request log and reset.
 * Faults, webhooks, triggers and configuration live in their own route files.
 */
export function registerObservationRoutes(app: FastifyInstance, portal: Portal): void {
  app.post('/_sandbox/tokens', (request, reply) => {
    const parsed = tokensBody.safeParse(readSandboxBody(request));
    if (!parsed.success)
      return badRequest(reply, 'expected {"user_id": N, "client_id"?: "..."}', parsed.error.issues);
    const client = parsed.data.client_id ? portal.app(parsed.data.client_id) : portal.mainApp;
    if (!client) return badRequest(reply, `no application ${parsed.data.client_id}`);
    if (!client.installed) return badRequest(reply, `application ${client.clientId} is not installed`);
    const user = portal.activeUser(parsed.data.user_id);
    if (!user) return badRequest(reply, `no active user ${parsed.data.user_id}`);
    const pair = issueTokenPair(portal, client, user.ID);
    return reply.send(tokenResponse(portal, client, pair.access, pair.refresh));
  });

  app.get('/_sandbox/calls', () => ({ calls: portal.data.calls.map((call) => describeCall(portal, call)) }));

  app.get<{ Params: { callId: string } }>('/_sandbox/calls/:callId', (request, reply) => {
    const call = portal.call(request.params.callId);
    if (!call) return reply.code(404).send({ error: 'SANDBOX_NOT_FOUND', error_description: 'no such call' });
    return describeCall(portal, call);
  });

  app.get<{ Params: { callId: string; fileId: string } }>(
    '/_sandbox/calls/:callId/records/:fileId',
    (request, reply) => {
      const call = portal.call(request.params.callId);
      const recording = [...(call?.records ?? []), ...(call?.replacedRecords ?? [])].find(
        (candidate) => String(candidate.FILE_ID) === request.params.fileId,
      );
      if (!recording)
        return reply.code(404).send({ error: 'SANDBOX_NOT_FOUND', error_description: 'no such recording' });
      return reply
        .header('content-type', recording.contentType)
        .header('content-disposition', `inline; filename="${recording.FILENAME.replace(/"/g, '')}"`)
        .send(Buffer.from(recording.content, 'base64'));
    },
  );

  app.get('/_sandbox/cards', () => ({ cards: describeCards(portal) }));

  app.get<{ Querystring: { method?: string; kind?: string } }>('/_sandbox/requests', (request) => {
    const method = request.query.method ? normaliseMethodName(request.query.method) : null;
    const kind = request.query.kind ?? null;
    return {
      requests: portal.requests.filter(
        (entry) => (method === null || entry.method === method) && (kind === null || entry.kind === kind),
      ),
    };
  });

  app.get('/_sandbox/events', () => ({ events: portal.deliveries }));

  app.get('/_sandbox/activities', () => ({ activities: portal.data.activities }));

  app.get('/_sandbox/chat', () => ({ messages: portal.data.chatMessages }));

  app.get('/_sandbox/crm', () => ({ entities: portal.data.crm }));
}
