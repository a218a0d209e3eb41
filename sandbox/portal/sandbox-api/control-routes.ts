import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { applyConfigPatch, configPatchSchema } from '../config';
import { installApp, uninstallApp } from '../events/install';
import { clickToCall, submitCallbackForm } from '../events/telephony-triggers';
import { faultBodySchema } from '../faults';
import { readSandboxBody } from '../http/body';
import { randomHex, randomToken } from '../ids';
import { expireAllAccessTokens, revokeRefreshTokens } from '../oauth/tokens';
import type { App } from '../state/model';
import type { Portal } from '../state/portal';
import { badRequest } from './sandbox-routes';

const resetBody = z.object({ full: z.boolean().optional() }).strict();
const webhookBody = z
  .object({ user_id: z.coerce.number().int().positive(), scope: z.array(z.string().min(1)).default([]) })
  .strict();
const installBody = z
  .object({
    handler_url: z.url().nullable().optional(),
    redirect_uri: z.url().nullable().optional(),
    user_id: z.coerce.number().int().positive().optional(),
    client_id: z.string().optional(),
  })
  .strict();
const appBody = z
  .object({
    name: z.string().min(1).default('Second telephony app'),
    scope: z.array(z.string().min(1)).default(['telephony', 'crm', 'user']),
    install_url: z.url().nullable().optional(),
    redirect_uri: z.url().nullable().optional(),
    default_outgoing_line: z.boolean().optional(),
  })
  .strict();
const appPatchBody = z
  .object({
    name: z.string().min(1).optional(),
    scope: z.array(z.string().min(1)).optional(),
    install_url: z.url().nullable().optional(),
    redirect_uri: z.url().nullable().optional(),
    default_outgoing_line: z.boolean().optional(),
  })
  .strict();
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

function describeApp(app: App): Record<string, unknown> {
  return {
    ID: app.ID,
    name: app.name,
    client_id: app.clientId,
    client_secret: app.clientSecret,
    application_token: app.applicationToken,
    scope: app.scope,
    status: app.status,
    installed: app.installed,
    install_url: app.installUrl,
    redirect_uri: app.redirectUri,
    default_outgoing_line: app.defaultOutgoingLine,
  };
}

/** Reset, configuration, faults, webhooks, apps and the human-side triggers of /_sandbox/. */
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
      reply.raw.once('finish', () => refuseConnections(app, portal, forMs));
    }
    return { active: portal.faults.active(), applied };
  });

  app.post('/_sandbox/webhooks', (request, reply) => {
    const parsed = webhookBody.safeParse(readSandboxBody(request));
    if (!parsed.success)
      return badRequest(reply, 'expected {"user_id": N, "scope": [...]}', parsed.error.issues);
    if (!portal.activeUser(parsed.data.user_id))
      return badRequest(reply, `no active user ${parsed.data.user_id}`);
    const code = randomToken(16);
    portal.data.webhooks.push({
      userId: parsed.data.user_id,
      code,
      scope: parsed.data.scope,
      createdAt: portal.now(),
    });
    portal.changed();
    return { url: `${portal.origin}/rest/${parsed.data.user_id}/${code}/` };
  });
  app.get('/_sandbox/webhooks', () => ({
    webhooks: portal.data.webhooks.map((hook) => ({
      ...hook,
      url: `${portal.origin}/rest/${hook.userId}/${hook.code}/`,
    })),
  }));

  app.get('/_sandbox/apps', () => ({ apps: portal.data.apps.map(describeApp) }));
  app.get('/_sandbox/app', () => describeApp(portal.mainApp));
  app.post('/_sandbox/apps', (request, reply) => {
    const parsed = appBody.safeParse(readSandboxBody(request) ?? {});
    if (!parsed.success)
      return badRequest(
        reply,
        'expected {"name"?, "scope"?, "install_url"?, "redirect_uri"?}',
        parsed.error.issues,
      );
    const id = portal.nextId('app');
    const created: App = {
      ID: id,
      name: parsed.data.name,
      clientId: `local.${randomHex(14)}.${String(10_000_000 + id).slice(-8)}`,
      clientSecret: randomToken(50),
      scope: parsed.data.scope,
      status: 'L',
      version: '1',
      applicationToken: randomHex(32),
      installed: true,
      installUrl: parsed.data.install_url ?? null,
      redirectUri: parsed.data.redirect_uri ?? null,
      defaultOutgoingLine: parsed.data.default_outgoing_line ?? false,
    };
    if (created.defaultOutgoingLine) for (const other of portal.data.apps) other.defaultOutgoingLine = false;
    portal.data.apps.push(created);
    portal.changed();
    return describeApp(created);
  });
  app.patch<{ Params: { clientId: string } }>('/_sandbox/apps/:clientId', (request, reply) => {
    const target = portal.app(request.params.clientId);
    if (!target)
      return reply.code(404).send({ error: 'SANDBOX_NOT_FOUND', error_description: 'no such application' });
    const parsed = appPatchBody.safeParse(readSandboxBody(request));
    if (!parsed.success) return badRequest(reply, 'not an application patch', parsed.error.issues);
    const patch = parsed.data;
    if (patch.name !== undefined) target.name = patch.name;
    if (patch.scope !== undefined) target.scope = patch.scope;
    if (patch.install_url !== undefined) target.installUrl = patch.install_url;
    if (patch.redirect_uri !== undefined) target.redirectUri = patch.redirect_uri;
    if (patch.default_outgoing_line !== undefined) {
      if (patch.default_outgoing_line)
        for (const other of portal.data.apps) other.defaultOutgoingLine = false;
      target.defaultOutgoingLine = patch.default_outgoing_line;
    }
    portal.changed();
    return describeApp(target);
  });

  app.post('/_sandbox/install', async (request, reply) => {
    const parsed = installBody.safeParse(readSandboxBody(request) ?? {});
    if (!parsed.success)
      return badRequest(reply, 'expected {"handler_url"?, "redirect_uri"?, "user_id"?}', parsed.error.issues);
    const target = parsed.data.client_id ? portal.app(parsed.data.client_id) : portal.mainApp;
    if (!target) return badRequest(reply, `no application ${parsed.data.client_id}`);
    const installer = parsed.data.user_id ?? 1;
    if (!portal.activeUser(installer)) return badRequest(reply, `no active user ${installer}`);
    const result = await installApp(portal, target, installer, {
      ...(parsed.data.handler_url !== undefined ? { installUrl: parsed.data.handler_url } : {}),
      ...(parsed.data.redirect_uri !== undefined ? { redirectUri: parsed.data.redirect_uri } : {}),
    });
    return {
      installed: true,
      client_id: target.clientId,
      application_token: result.applicationToken,
      delivery: result.delivery,
    };
  });
  app.post('/_sandbox/uninstall', async (request, reply) => {
    const parsed = installBody.safeParse(readSandboxBody(request) ?? {});
    if (!parsed.success) return badRequest(reply, 'expected {"client_id"?}', parsed.error.issues);
    const target = parsed.data.client_id ? portal.app(parsed.data.client_id) : portal.mainApp;
    if (!target) return badRequest(reply, `no application ${parsed.data.client_id}`);
    const deliveries = await uninstallApp(portal, target, parsed.data.user_id ?? 1);
    return { installed: false, client_id: target.clientId, deliveries };
  });

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

  app.get('/_sandbox/ratelimit', () => ({
    config: portal.config.rateLimit,
    buckets: portal.rateLimit.levels(portal.now(), portal.config.rateLimit),
  }));
}

/**
 * `{"down": {"mode": "refuse", "forMs": N}}`: once the answer to this request is out, stop
 * listening (connections are refused, open ones cut) and listen again on the same port after N ms.
 */
function refuseConnections(app: FastifyInstance, portal: Portal, forMs: number): void {
  const server = app.server;
  const port = Number(new URL(portal.origin).port);
  setImmediate(() => {
    server.close();
    server.closeAllConnections();
    setTimeout(() => {
      server.listen(port, '127.0.0.1', () => {
        portal.faults.down = null;
        portal.faults.record(portal.nowIso(), 'down lifted', { afterMs: forMs });
      });
    }, forMs);
  });
}
