import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { clickToCall, submitCallbackForm } from '../events/telephony-triggers';
import { readSandboxBody } from '../http/body';
import type { Portal } from '../state/portal';
import { badRequest } from './sandbox-routes';

const entityType = z.enum(['CONTACT', 'COMPANY', 'LEAD']);
const clickBody = z
  .object({
    user_id: z.coerce.number().int().positive(),
    phone: z.string().min(1).optional(),
    entity: z.object({ type: entityType, id: z.coerce.number().int().positive() }).optional(),
    entity_type: entityType.optional(),
    entity_id: z.coerce.number().int().positive().optional(),
    call_list_id: z.coerce.number().int().positive().optional(),
    is_mobile: z.boolean().optional(),
    extension: z.string().max(64).optional(),
  })
  .strict();
const callbackBody = z
  .object({
    phone: z.string().min(1),
    text: z.string().optional(),
    voice: z.string().optional(),
    name: z.string().optional(),
    line_number: z.string().optional(),
  })
  .strict();

/** What people do in Bitrix24 that sends events: click a number in the CRM, fill in a callback form. */
export function registerTriggerRoutes(app: FastifyInstance, portal: Portal): void {
  app.post('/_sandbox/click-to-call', async (request, reply) => {
    const parsed = clickBody.safeParse(readSandboxBody(request));
    if (!parsed.success)
      return badRequest(
        reply,
        'expected {"user_id", "phone" | "entity": {"type", "id"}}',
        parsed.error.issues,
      );
    const body = parsed.data;
    const entity =
      body.entity ??
      (body.entity_type && body.entity_id ? { type: body.entity_type, id: body.entity_id } : undefined);
    const outcome = await clickToCall(portal, {
      userId: body.user_id,
      ...(body.phone ? { phone: body.phone } : {}),
      ...(entity ? { entity } : {}),
      ...(body.call_list_id ? { callListId: body.call_list_id } : {}),
      ...(body.is_mobile ? { isMobile: true } : {}),
      ...(body.extension ? { extension: body.extension } : {}),
    });
    if (!outcome.ok)
      return reply.code(409).send({ error: 'SANDBOX_NOTHING_HAPPENS', error_description: outcome.reason });
    return outcome;
  });

  app.post('/_sandbox/callback-form', async (request, reply) => {
    const parsed = callbackBody.safeParse(readSandboxBody(request));
    if (!parsed.success)
      return badRequest(
        reply,
        'expected {"phone", "text"?, "voice"?, "name"?, "line_number"?}',
        parsed.error.issues,
      );
    const outcome = await submitCallbackForm(portal, {
      phone: parsed.data.phone,
      ...(parsed.data.text ? { text: parsed.data.text } : {}),
      ...(parsed.data.voice ? { voice: parsed.data.voice } : {}),
      ...(parsed.data.name ? { name: parsed.data.name } : {}),
      ...(parsed.data.line_number ? { lineNumber: parsed.data.line_number } : {}),
    });
    if (!outcome.ok)
      return reply.code(409).send({ error: 'SANDBOX_NOTHING_HAPPENS', error_description: outcome.reason });
    return outcome;
  });
}
