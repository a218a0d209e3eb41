import { ManualClock } from '../../../../sandbox/portal/clock';
import type { ConfigPatch } from '../../../../sandbox/portal/config';
import type { TokenResponse } from '../../../../sandbox/portal/oauth/tokens';
import type { PortalServer } from '../../../../sandbox/portal/server';
import { build } from '../../../../sandbox/portal/server';

export interface TestPortal {
  app: PortalServer;
  clock: ManualClock;
  /** A fresh token pair for a user of the installed app. */
  tokens(userId: number): Promise<TokenResponse>;
  /** Calls a REST method with a JSON body and the access token in it. */
  call(method: string, params: Record<string, unknown>, accessToken: string): Promise<RestReply>;
  /** GET of a /_sandbox route, parsed. */
  sandbox<T>(path: string): Promise<T>;
}

export interface RestReply {
  status: number;
  body: Record<string, unknown> & {
    result?: unknown;
    error?: string;
    error_description?: string;
    time?: unknown;
  };
}

/** A portal on a manual clock, driven through inject(). */
export function testPortal(config: ConfigPatch = {}): TestPortal {
  const clock = new ManualClock();
  const app = build({ clock, config, origin: 'http://127.0.0.1:8099' });
  return {
    app,
    clock,
    async tokens(userId) {
      const reply = await app.inject({
        method: 'POST',
        url: '/_sandbox/tokens',
        payload: { user_id: userId },
      });
      if (reply.statusCode !== 200) throw new Error(`tokens: ${reply.statusCode} ${reply.body}`);
      return reply.json<TokenResponse>();
    },
    async call(method, params, accessToken) {
      const reply = await app.inject({
        method: 'POST',
        url: `/rest/${method}`,
        payload: { ...params, auth: accessToken },
      });
      return { status: reply.statusCode, body: reply.json() };
    },
    async sandbox<T>(path: string) {
      const reply = await app.inject({ method: 'GET', url: path });
      return reply.json<T>();
    },
  };
}
