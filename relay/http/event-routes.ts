import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  callbackEventSchema,
  clickToCallEventSchema,
  installEventSchema,
  uninstallEventSchema,
} from '../bitrix/events';
import { InstallRefused } from '../bitrix/install-proof';
import { FormParseError, parsePhpForm, type FormObject } from '../bitrix/php-form';
import type { RelayServices } from '../relay-services';
import { constantTimeEqual } from '../sessions/secrets';
import type { Portal } from '../stores/stores';
import { refuse } from './errors';

export const installPath = '/bitrix/install';
export const eventPath = '/bitrix/events';

/**
 * Bitrix24's side of the relay: the install URL and the event URL (both accept every event, since
 * Bitrix24 sends ONAPPINSTALL to the former and our bound events to the latter). Bodies are
 * form-encoded with PHP brackets. Every event but ONAPPINSTALL must carry the application_token
 * saved at install, compared in constant time; a wrong one is refused before anything else is read.
 */
export function registerEventRoutes(app: FastifyInstance, services: RelayServices): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        done(null, parsePhpForm(body as string));
      } catch (error) {
        const refused = Object.assign(
          new Error(error instanceof FormParseError ? error.message : 'Unreadable form'),
          {
            statusCode: 400,
          },
        );
        done(refused, undefined);
      }
    },
  );

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const receivedAt = services.now();
    if (
      !(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')
    ) {
      return refuse(reply, 415, 'unsupported-media-type', 'Events are form-encoded');
    }
    const body = request.body as FormObject;
    const event = typeof body.event === 'string' ? body.event.toUpperCase() : '';
    const { metrics, log } = services;
    const count = (outcome: string) => metrics.eventsIn.inc({ event: event || 'unknown', outcome });

    if (event === 'ONAPPINSTALL') {
      const parsed = installEventSchema.safeParse(body);
      if (!parsed.success) {
        count('malformed');
        return refuse(reply, 400, 'malformed-event', z.prettifyError(parsed.error));
      }
      try {
        await services.installer.install(parsed.data);
        count('installed');
        return reply.send({ ok: true });
      } catch (error) {
        if (!(error instanceof InstallRefused)) throw error;
        log.warn({ memberId: parsed.data.auth.member_id, reason: error.message }, 'installation refused');
        count('refused');
        return refuse(reply, error.status, 'install-refused', error.message);
      }
    }

    const portal = await authenticEventPortal(body, services);
    if (!portal) {
      count('refused');
      log.warn(
        { event, ip: request.ip },
        'event with an unknown portal or a wrong application_token refused',
      );
      return refuse(reply, 401, 'unauthenticated', 'Unknown installation or wrong application_token');
    }
    const parse = <T>(schema: z.ZodType<T>): T | null => {
      const parsed = schema.safeParse(body);
      if (parsed.success) return parsed.data;
      count('malformed');
      void refuse(reply, 400, 'malformed-event', z.prettifyError(parsed.error));
      return null;
    };

    switch (event) {
      case 'ONEXTERNALCALLSTART': {
        const data = parse(clickToCallEventSchema);
        if (!data) return reply;
        const outcome = await services.clickToCall.intake(portal, data, receivedAt);
        count(outcome);
        return reply.send({ ok: true, outcome });
      }
      case 'ONEXTERNALCALLBACKSTART': {
        const data = parse(callbackEventSchema);
        if (!data) return reply;
        const outcome = await services.callbacks.intake(portal.memberId, data);
        count(outcome);
        return reply.send({ ok: true, outcome });
      }
      case 'ONAPPUNINSTALL': {
        if (!parse(uninstallEventSchema)) return reply;
        await services.uninstall(portal.memberId);
        count('uninstalled');
        return reply.send({ ok: true });
      }
      default:
        count('ignored');
        return reply.send({ ok: true, outcome: 'ignored' });
    }
  };

  app.post(installPath, handler);
  app.post(eventPath, handler);
}

async function authenticEventPortal(body: FormObject, services: RelayServices): Promise<Portal | null> {
  const auth = body.auth;
  if (typeof auth !== 'object') return null;
  const memberId = auth.member_id;
  const token = auth.application_token;
  if (typeof memberId !== 'string' || typeof token !== 'string' || memberId.length > 64) return null;
  const portal = await services.stores.portals.get(memberId);
  // Compare even when the portal is unknown, so timing does not tell installed member_ids apart.
  const matches = constantTimeEqual(portal?.applicationToken ?? '\u0000no-portal', token);
  return portal && matches ? portal : null;
}
