import type { InjectOptions } from 'fastify';
import { ManualClock } from '../../../../sandbox/portal/clock';
import type { ConfigPatch } from '../../../../sandbox/portal/config';
import type { TokenResponse } from '../../../../sandbox/portal/oauth/tokens';
import type { PortalServer } from '../../../../sandbox/portal/server';
import { build } from '../../../../sandbox/portal/server';

export interface RestReply {
  status: number;
  body: Record<string, unknown> & {
    result?: unknown;
    error?: string;
    error_description?: string;
    time?: Record<string, unknown>;
    total?: number;
    next?: number;
  };
}

export interface TestPortal {
  app: PortalServer;
  clock: ManualClock;
  /** A fresh token pair for a user of the installed app (or of `clientId`). */
  tokens(userId: number, clientId?: string): Promise<TokenResponse>;
  /** Calls a REST method with a JSON body carrying `auth`. */
  call(method: string, params: Record<string, unknown>, accessToken: string): Promise<RestReply>;
  /** Any request to the portal, answer parsed as JSON. */
  request(options: InjectOptions): Promise<RestReply>;
  /** GET of a /_sandbox route, parsed. */
  sandbox<T>(path: string): Promise<T>;
  /** POST of a JSON body to a /_sandbox route, parsed. */
  post<T>(path: string, body: unknown): Promise<T>;
  /** A webhook URL path (`/rest/N/CODE/`) for a user with scopes. */
  webhook(userId: number, scope: string[]): Promise<string>;
}

/** A portal on a manual clock (starting at the real time, so SDKs agree on expiry), driven through inject(). */
export function testPortal(config: ConfigPatch = {}, origin = 'http://127.0.0.1:8099'): TestPortal {
  const clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000);
  const app = build({ clock, config, origin });
  const request = async (options: InjectOptions): Promise<RestReply> => {
    const reply = await app.inject(options);
    return { status: reply.statusCode, body: reply.body ? reply.json() : {} };
  };
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const reply = await app.inject({ method: 'POST', url: path, payload: body as Record<string, unknown> });
    if (reply.statusCode >= 400) throw new Error(`${path}: ${reply.statusCode} ${reply.body}`);
    return reply.json<T>();
  };
  return {
    app,
    clock,
    tokens: (userId, clientId) =>
      post<TokenResponse>('/_sandbox/tokens', {
        user_id: userId,
        ...(clientId ? { client_id: clientId } : {}),
      }),
    call: (method, params, accessToken) =>
      request({ method: 'POST', url: `/rest/${method}`, payload: { ...params, auth: accessToken } }),
    request,
    async sandbox<T>(path: string) {
      const reply = await app.inject({ method: 'GET', url: path });
      return reply.json<T>();
    },
    post,
    async webhook(userId, scope) {
      const { url } = await post<{ url: string }>('/_sandbox/webhooks', { user_id: userId, scope });
      return new URL(url).pathname;
    },
  };
}

/** Registers a call and returns its CALL_ID (fails the test on an error answer). */
export async function registerCall(
  portal: TestPortal,
  token: string,
  params: Record<string, unknown> = {},
): Promise<string> {
  const reply = await portal.call(
    'telephony.externalCall.register',
    { USER_ID: 2, PHONE_NUMBER: '+74951234567', TYPE: 2, ...params },
    token,
  );
  if (reply.status !== 200) throw new Error(`register: ${reply.status} ${JSON.stringify(reply.body)}`);
  return (reply.body.result as { CALL_ID: string }).CALL_ID;
}

export async function finishCall(
  portal: TestPortal,
  token: string,
  callId: string,
  params: Record<string, unknown> = {},
) {
  const reply = await portal.call(
    'telephony.externalCall.finish',
    { CALL_ID: callId, USER_ID: 2, DURATION: 30, ...params },
    token,
  );
  if (reply.status !== 200) throw new Error(`finish: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.result as Record<string, unknown>;
}
