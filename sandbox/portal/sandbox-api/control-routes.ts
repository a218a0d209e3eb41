import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { applyConfigPatch, configPatchSchema } from '../config';
import { readSandboxBody } from '../http/body';
import type { Portal } from '../state/portal';
import { registerAppRoutes } from './app-routes';
import { registerFaultRoutes } from './fault-routes';
import { badRequest } from './sandbox-routes';
import { registerTriggerRoutes } from './trigger-routes';

const resetBody = z.object({ full: z.boolean().optional() }).strict();

/** Reset, configuration and the rate limit; faults, apps and triggers in their own files. */
export function registerControlRoutes(app: FastifyInstance, portal: Portal): void {
  app.post('/_sandbox/reset', (request, reply) => {
    const parsed = resetBody.safeParse(readSandboxBody(request) ?? {});
    if (!parsed.success) return badRequest(reply, 'expected {} or {"full": true}', parsed.error.issues);
    portal.reset(parsed.data.full ?? false);
    return {
      reset: parsed.data.full ? 'everything' : 'calls, recordings, activities, crm, requests, events, faults',
    };
  });

  app.get('/_sandbox/config', () => portal.config);
  app.patch('/_sandbox/config', (request, reply) => {
    const parsed = configPatchSchema.safeParse(readSandboxBody(request));
    if (!parsed.success) return badRequest(reply, 'not a configuration patch', parsed.error.issues);
    portal.config = applyConfigPatch(portal.config, parsed.data);
    return portal.config;
  });

  app.get('/_sandbox/ratelimit', () => ({
    config: portal.config.rateLimit,
    buckets: portal.rateLimit.levels(portal.now(), portal.config.rateLimit),
  }));

  registerFaultRoutes(app, portal);
  registerAppRoutes(app, portal);
  registerTriggerRoutes(app, portal);
}
