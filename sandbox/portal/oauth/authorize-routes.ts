import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readSandboxBody, queryParams } from '../http/body';
import { randomToken } from '../ids';
import type { App, ParamMap } from '../state/model';
import type { Portal } from '../state/portal';
import { phpString } from '../transport/php-params';
import { html, page } from '../ui/html';

const sessionCookie = 'b24sbx_user';

function signedInUser(request: FastifyRequest): number | null {
  const header = request.headers.cookie ?? '';
  const match = new RegExp(`(?:^|;\\s*)${sessionCookie}=(\\d+)`).exec(header);
  return match ? Number(match[1]) : null;
}

function errorPage(portal: Portal, reply: FastifyReply, message: string): FastifyReply {
  const body = html`<h1>Authorization failed</h1>
    <div class="panel">
      <p class="bad">${message}</p>
      <p class="muted">
        Bitrix24 shows authorization errors on its own page; the application receives no redirect.
      </p>
    </div>`;
  return reply
    .code(400)
    .type('text/html; charset=utf-8')
    .send(page('Authorization', 'none', portal.config.portalName, body));
}

/** Where the user goes back to: the app's configured handler with code, state, domain, member_id, scope, server_domain. */
function callbackUrl(portal: Portal, app: App, userId: number, state: string | undefined): string {
  const code = randomToken();
  portal.data.authCodes.push({
    code,
    appClientId: app.clientId,
    userId,
    expiresAt: portal.now() + portal.config.authCodeLifetimeSec * 1000,
    used: false,
  });
  portal.changed();
  const url = new URL(app.redirectUri ?? '');
  url.searchParams.set('code', code);
  if (state !== undefined) url.searchParams.set('state', state);
  url.searchParams.set('domain', portal.domain);
  url.searchParams.set('member_id', portal.data.memberId);
  url.searchParams.set('scope', app.scope.join(','));
  url.searchParams.set('server_domain', new URL(portal.serverEndpoint).host);
  return url.toString();
}

function checkApp(portal: Portal, params: ParamMap): App | string {
  const clientId = phpString(params.client_id);
  const app = clientId ? portal.app(clientId) : undefined;
  if (!app) return 'Unknown application (client_id).';
  if (!app.installed) return 'The application is not installed in this Bitrix24.';
  if (!app.redirectUri) {
    return 'The application has no redirect URI in its settings (set it with POST /_sandbox/install or PATCH /_sandbox/apps/:client_id).';
  }
  return app;
}

/**
 * `/oauth/authorize/?client_id=...&state=...`: a person picks the portal user to sign in as (or is
 * already signed in: a cookie from an earlier pick skips the page, as a logged-in Bitrix24 user
 * skips the form) and is sent back to the application's handler. The code lives 30 seconds and
 * works once.
 */
export function registerAuthorizeRoutes(app: FastifyInstance, portal: Portal): void {
  app.get('/oauth/authorize', (request, reply) => {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    return reply.code(301).header('location', `/oauth/authorize/${query}`).send();
  });

  app.get('/oauth/authorize/', (request, reply) => {
    const params = queryParams(request.url);
    const target = checkApp(portal, params);
    if (typeof target === 'string') return errorPage(portal, reply, target);
    const state = phpString(params.state);
    const signedIn = signedInUser(request);
    if (signedIn !== null && portal.activeUser(signedIn) && params.prompt !== 'login') {
      return reply
        .code(302)
        .header('location', callbackUrl(portal, target, signedIn, state))
        .send();
    }
    const users = portal.data.users.filter((user) => user.ACTIVE && (user.IS_ADMIN || user.UF_PHONE_INNER));
    const body = html`<h1>Sign in to ${portal.config.portalName}</h1>
      <div class="panel">
        <p><b>${target.name}</b> asks for access (${target.scope.join(', ')}). Sign in as:</p>
        <form method="post" action="/oauth/authorize/">
          <input type="hidden" name="client_id" value="${target.clientId}" />
          ${state !== undefined ? html`<input type="hidden" name="state" value="${state}" />` : ''}
          ${users.map(
            (user) =>
              html`<p>
                <button type="submit" name="user_id" value="${user.ID}">
                  ${user.NAME} ${user.LAST_NAME}
                </button>
                <span class="muted"
                  >user
                  ${user.ID}${user.UF_PHONE_INNER ? ` · ext. ${user.UF_PHONE_INNER}` : ''}${user.IS_ADMIN ? ' · administrator' : ''}</span
                >
              </p>`,
          )}
        </form>
      </div>`;
    return reply
      .type('text/html; charset=utf-8')
      .send(page('Sign in', 'none', portal.config.portalName, body));
  });

  app.post('/oauth/authorize/', (request, reply) => {
    const form = readSandboxBody(request);
    const params = (form && typeof form === 'object' ? form : {}) as ParamMap;
    const target = checkApp(portal, params);
    if (typeof target === 'string') return errorPage(portal, reply, target);
    const userId = Number(phpString(params.user_id));
    if (!portal.activeUser(userId)) return errorPage(portal, reply, 'No such active user.');
    return reply
      .code(302)
      .header('set-cookie', `${sessionCookie}=${userId}; Path=/; HttpOnly; SameSite=Lax`)
      .header('location', callbackUrl(portal, target, userId, phpString(params.state)))
      .send();
  });

  app.get('/_sandbox/logout', (_request, reply) =>
    reply
      .code(302)
      .header('set-cookie', `${sessionCookie}=; Path=/; Max-Age=0`)
      .header('location', '/')
      .send(),
  );
}
