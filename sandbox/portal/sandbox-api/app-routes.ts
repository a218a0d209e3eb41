import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { installApp, uninstallApp } from '../events/install';
import { readSandboxBody } from '../http/body';
import { randomHex, randomToken } from '../ids';
import type { App } from '../state/model';
import type { Portal } from '../state/portal';
import { badRequest } from './sandbox-routes';

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

/** Webhooks, applications, (re)install and uninstall. */
export function registerAppRoutes(app: FastifyInstance, portal: Portal): void {
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
}
