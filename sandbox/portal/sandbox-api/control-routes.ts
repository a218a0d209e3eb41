import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { readSandboxBody } from '../http/body';
import type { Portal } from '../state/portal';
import { badRequest } from './sandbox-routes';

const resetBody = z.object({ full: z.boolean().optional() }).strict();

/** Reset, configuration, faults and the other levers of /_sandbox/. */
export function registerControlRoutes(app: FastifyInstance, portal: Portal): void {
  app.post('/_sandbox/reset', (request, reply) => {
    const parsed = resetBody.safeParse(readSandboxBody(request) ?? {});
    if (!parsed.success) return badRequest(reply, 'expected {} or {"full": true}', parsed.error.issues);
    portal.reset(parsed.data.full ?? false);
    return { reset: parsed.data.full ? 'full' : 'calls, requests, events, faults, crm' };
  });
}
