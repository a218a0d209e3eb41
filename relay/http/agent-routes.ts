import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  relayPaths,
  signInPollRequestSchema,
  signInRequestSchema,
  tokenRequestSchema,
} from '../../common/relay/relay-api';
import { BitrixRestError } from '../bitrix/rest-client';
import type { RelayServices } from '../relay-services';
import { identityOf } from '../sessions/agent-sessions';
import { deviceLabel } from '../sessions/device-label';
import { bearerToken } from '../sessions/secrets';
import { SignInError } from '../sessions/sign-in';
import { GrantLostError, RefreshLimitError } from '../sessions/token-broker';
import type { AgentSession } from '../stores/stores';
import { refuse } from './errors';
import { addressKey } from './source-address';
import type { ZodTypeProvider } from './zod-type-provider';

export const oauthCallbackPath = '/oauth/callback';

/**
 * The app's HTTP side of the relay: sign-in (start, the portal's redirect, poll), the token
 * broker, sign-out and "who am I". Agent requests authenticate with the relay session as a bearer
 * token and are rate-limited per session.
 */
export function registerAgentRoutes(app: FastifyInstance, services: RelayServices): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  // Anyone may call the sign-in routes (each start writes a pairing row): budgeted by address.
  const byAddress = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> => {
    if (await services.limits.addresses.take(addressKey(request.ip), services.now())) return undefined;
    // Returning the sent reply ends the request here (Fastify's async hooks).
    return tooMany(reply, 'Too many sign-in requests from this address: try again in a moment');
  };

  const authenticated = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<AgentSession | null> => {
    const session = await services.sessions.authenticate(bearerToken(request.headers.authorization));
    if (!session) {
      void refuse(reply, 401, 'unauthenticated', 'No valid relay session: sign in again');
      return null;
    }
    if (!(await services.limits.sessions.take(session.id, services.now()))) {
      void tooMany(reply, 'Too many requests for this session');
      return null;
    }
    return session;
  };

  typed.post(
    relayPaths.signIn,
    { schema: { body: signInRequestSchema }, onRequest: byAddress },
    async (request, reply) => {
      try {
        return await services.signIn.start(request.body.portal, request.body.deviceName);
      } catch (error) {
        if (error instanceof SignInError) return refuse(reply, 404, error.code, error.message);
        throw error;
      }
    },
  );

  typed.post(
    relayPaths.signInPoll,
    { schema: { body: signInPollRequestSchema }, onRequest: byAddress },
    async (request, reply) => {
      try {
        return await services.signIn.poll(request.body.pairingId, request.body.pollToken);
      } catch (error) {
        if (error instanceof SignInError) return refuse(reply, 404, error.code, error.message);
        throw error;
      }
    },
  );

  app.get(relayPaths.signInConfirm, { onRequest: byAddress }, async (request, reply) => {
    const pairingId = (request.query as Record<string, unknown>).pairing;
    const pending = typeof pairingId === 'string' ? await services.signIn.pending(pairingId) : null;
    if (!pending || typeof pairingId !== 'string') {
      return html(
        reply,
        400,
        signInPage('Sign-in expired', 'This sign-in link expired or was used. Start again from b24phone.'),
      );
    }
    const started = new Date(pending.createdAt).toISOString().replace('T', ' ').slice(0, 16);
    return html(
      reply,
      200,
      signInPage(
        'Sign in to b24phone',
        `A b24phone app asked at ${started} UTC to sign in to ${pending.domain} as you. Sign-in code: ${pending.userCode}. Continue only if b24phone on your computer shows this same code.`,
        { action: relayPaths.signInConfirm, pairing: pairingId, label: 'Continue to Bitrix24' },
        // Whoever started the sign-in chose this name: shown apart, and said to be unchecked.
        pending.deviceName
          ? `The app gave its computer's name as "${deviceLabel(pending.deviceName)}". Whoever started this sign-in chose that name; nobody has checked it.`
          : undefined,
      ),
    );
  });

  app.post(relayPaths.signInConfirm, { onRequest: byAddress }, async (request, reply) => {
    // A form on another site must not push a visitor through: browsers send Origin with a POST.
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== new URL(services.config.publicUrl).origin) {
      return html(reply, 403, signInPage('Sign-in refused', 'This sign-in was not started from this page.'));
    }
    const body = request.body as Record<string, unknown> | undefined;
    const pairingId = body?.pairing;
    const next = typeof pairingId === 'string' ? await services.signIn.confirm(pairingId) : null;
    if (!next) {
      return html(
        reply,
        400,
        signInPage('Sign-in expired', 'This sign-in link expired or was used. Start again from b24phone.'),
      );
    }
    return reply.code(303).header('location', next).header('cache-control', 'no-store').send();
  });

  app.get(oauthCallbackPath, { onRequest: byAddress }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' && value.length <= 1024 ? value : undefined);
    const outcome = await services.signIn.complete({
      code: text(query.code),
      state: text(query.state),
      member_id: text(query.member_id),
    });
    const page = outcome.ok
      ? signInPage(
          'Signed in',
          `You are signed in to ${outcome.domain}. You can close this tab and return to b24phone.`,
        )
      : signInPage('Sign-in failed', outcome.message);
    return html(reply, outcome.ok ? 200 : 400, page);
  });

  typed.post(relayPaths.token, { schema: { body: tokenRequestSchema } }, async (request, reply) => {
    const session = await authenticated(request, reply);
    if (!session) return reply;
    try {
      return await services.tokens.accessToken(session, request.body.expiredAccessToken);
    } catch (error) {
      if (error instanceof GrantLostError) return refuse(reply, 401, 'sign-in-required', error.message);
      if (error instanceof RefreshLimitError) {
        return tooMany(reply, error.message, Math.ceil(60 / services.config.limits.forcedRefreshesPerMinute));
      }
      if (error instanceof BitrixRestError) {
        return refuse(
          reply,
          502,
          'portal-unavailable',
          `Bitrix24 did not refresh the token (${error.publicReason})`,
        );
      }
      throw error;
    }
  });

  app.post(relayPaths.signOut, async (request, reply) => {
    const session = await authenticated(request, reply);
    if (!session) return reply;
    await services.sessions.end([session.id], 'signed out');
    return reply.code(204).send();
  });

  app.get(relayPaths.me, async (request, reply) => {
    const session = await authenticated(request, reply);
    if (!session) return reply;
    return identityOf(session);
  });
}

function tooMany(reply: FastifyReply, message: string, retryAfterSeconds = 1): FastifyReply {
  return refuse(reply.header('retry-after', String(retryAfterSeconds)), 429, 'rate-limited', message);
}

function html(reply: FastifyReply, status: number, page: string): FastifyReply {
  return (
    reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .header('x-frame-options', 'DENY')
      // With no-referrer, Chromium sends `Origin: null` on the confirmation form's POST; same-origin
      // keeps our own origin in it (the POST checks it) and still sends nothing to other sites.
      .header('referrer-policy', 'same-origin')
      .header('cache-control', 'no-store')
      .send(page)
  );
}

function signInPage(
  title: string,
  message: string,
  form?: { action: string; pairing: string; label: string },
  unchecked?: string,
): string {
  const escape = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  const button = form
    ? `<form method="post" action="${escape(form.action)}"><input type="hidden" name="pairing" value="${escape(form.pairing)}"><button type="submit">${escape(form.label)}</button></form>`
    : '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>b24phone: ${escape(title)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:32em;margin:4em auto;padding:0 1em}button{font-size:1em;padding:.5em 1em}.unchecked{margin-top:2em;font-size:.9em;color:#555}</style></head>
<body><h1>${escape(title)}</h1><p>${escape(message)}</p>${button}${unchecked ? `<p class="unchecked">${escape(unchecked)}</p>` : ''}</body></html>`;
}
