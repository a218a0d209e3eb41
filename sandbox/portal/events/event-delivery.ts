import { performance } from 'node:perf_hooks';
import { issueAccessToken, issueTokenPair } from '../oauth/tokens';
import type { App, EventDelivery, EventHandler, ParamMap } from '../state/model';
import type { Portal } from '../state/portal';
import { buildPhpQuery, PhpParamBuilder } from '../transport/php-params';

const maxDeliveries = 5_000;

/**
 * The `auth` block of an event: the tokens of `userId` (none when the event has no user, as for a
 * callback form filled by a visitor), the portal's addresses and the application token, with exactly
 * the documented keys (`eventAuthFields: "extended"` adds `expires` and `user_id`). Only ONAPPINSTALL
 * (and configurably others) carries a refresh token.
 */
export function eventAuth(portal: Portal, app: App, userId: number | null, withRefresh: boolean): ParamMap {
  const common = {
    scope: app.scope.join(','),
    domain: portal.domain,
    server_endpoint: portal.serverEndpoint,
    status: app.status,
    client_endpoint: portal.clientEndpoint,
    member_id: portal.data.memberId,
  };
  if (userId === null || !portal.activeUser(userId))
    return { ...common, application_token: app.applicationToken };
  const pair = withRefresh ? issueTokenPair(portal, app, userId) : null;
  const access = pair ? pair.access : issueAccessToken(portal, app, userId);
  const extended = portal.config.ambiguities.eventAuthFields === 'extended';
  return {
    access_token: access.token,
    ...(extended ? { expires: String(Math.floor(access.expiresAt / 1000)) } : {}),
    expires_in: String(portal.config.accessTokenLifetimeSec),
    ...common,
    ...(extended ? { user_id: String(userId) } : {}),
    ...(pair ? { refresh_token: pair.refresh.token } : {}),
    application_token: app.applicationToken,
  };
}

/**
 * POSTs one event, form-encoded like PHP's http_build_query, and records what happened. No
 * retries: a failed delivery is lost, as on the real portal. `dropEvents` records it unsent;
 * `duplicateEvents` sends it twice.
 */
export async function postEvent(
  portal: Portal,
  event: string,
  url: string,
  handlerId: number | null,
  fields: ParamMap,
): Promise<EventDelivery[]> {
  const body = buildPhpQuery(fields, portal.config.ambiguities.eventBracketEncoding);
  const times = portal.faults.duplicateEvents ? 2 : 1;
  const deliveries: EventDelivery[] = [];
  for (let attempt = 0; attempt < times; attempt += 1) {
    deliveries.push(await sendOnce(portal, event, url, handlerId, body));
  }
  return deliveries;
}

async function sendOnce(
  portal: Portal,
  event: string,
  url: string,
  handlerId: number | null,
  body: string,
): Promise<EventDelivery> {
  const delivery: EventDelivery = {
    id: portal.nextId('delivery'),
    at: portal.nowIso(),
    event,
    handlerId,
    handlerUrl: url,
    body,
    fields: new PhpParamBuilder().addQuery(body).build(),
    outcome: 'dropped',
    status: null,
    responseBody: null,
    error: null,
    durationMs: 0,
  };
  portal.deliveries.push(delivery);
  if (portal.deliveries.length > maxDeliveries)
    portal.deliveries.splice(0, portal.deliveries.length - maxDeliveries);
  if (portal.faults.dropEvents) {
    portal.faults.record(portal.nowIso(), 'dropEvents', { event, url });
    return delivery;
  }
  const t0 = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'Bitrix24 Webhook Engine',
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(portal.config.eventTimeoutMs),
    });
    delivery.status = response.status;
    delivery.responseBody = (await response.text()).slice(0, 2000);
    delivery.outcome = response.ok ? 'delivered' : 'http-error';
  } catch (error) {
    delivery.outcome = 'network-error';
    delivery.error =
      error instanceof Error
        ? `${error.name}: ${(error.cause as Error | undefined)?.message ?? error.message}`
        : String(error);
  }
  delivery.durationMs = Math.round(performance.now() - t0);
  return delivery;
}

/** `ts` of a delivery: now, or as long ago as the `eventAgeSec` fault says the queue held it. */
export function eventTimestamp(portal: Portal): string {
  return String(Math.floor(portal.now() / 1000) - portal.faults.eventAgeSec);
}

/**
 * Delivers `event` to every online handler the application bound for it, with the tokens of the
 * handler's `auth_type` user, else of the user who triggered it: `null` when nobody did (no tokens),
 * `handler-owner` when a non-user did (a visitor's form) and the event still carries a user's.
 */
export async function dispatchEvent(
  portal: Portal,
  app: App,
  event: string,
  data: ParamMap,
  triggeredBy: number | null | 'handler-owner',
): Promise<EventDelivery[]> {
  if (!app.installed) return [];
  const handlers = portal.data.handlers.filter(
    (handler: EventHandler) =>
      handler.appClientId === app.clientId && handler.event === event && !handler.offline,
  );
  const results: EventDelivery[] = [];
  for (const handler of handlers) {
    const userId =
      handler.authType > 0
        ? handler.authType
        : triggeredBy === 'handler-owner'
          ? handler.boundBy
          : triggeredBy;
    const fields: ParamMap = {
      event,
      event_handler_id: String(handler.id),
      data,
      ts: eventTimestamp(portal),
      auth: eventAuth(portal, app, userId, portal.config.ambiguities.eventAuthIncludesRefreshToken),
    };
    results.push(...(await postEvent(portal, event, handler.handler, handler.id, fields)));
  }
  return results;
}
