import { z } from 'zod';

/**
 * The relay's own Bitrix24 REST and OAuth requests: plain fetch, one attempt each. Nothing here
 * retries on its own - a timed-out `finish` may have happened, so the caller decides (the only
 * automatic repeat is after `expired_token`, when the portal refused the request unprocessed; see
 * PortalApi).
 */

export class BitrixRestError extends Error {
  override readonly name = 'BitrixRestError';
  constructor(
    /** HTTP status; 0 when no response arrived (network, timeout). */
    readonly status: number,
    /** Bitrix24 error code; may be empty even on a real error (docs/bitrix24-contract.md#transport). */
    readonly code: string,
    readonly description: string,
  ) {
    super(`${code || `HTTP ${status}`}: ${description}`);
  }

  /**
   * What a caller of the relay may be told: the error code when it looks like one, else the HTTP
   * status - never the remote text, which may come from a host that is not Bitrix24 at all.
   */
  get publicReason(): string {
    if (/^[A-Za-z_]{1,40}$/.test(this.code)) return this.code;
    return this.status ? `HTTP ${this.status}` : 'no answer';
  }

  /** No answer, a server failure or the rate limit: worth another try later; anything else is not. */
  get transient(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }

  get expiredToken(): boolean {
    return this.status === 401 && this.code === 'expired_token';
  }
}

const errorBodySchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** An `/oauth/token/` response (docs/bitrix24-contract.md#oauth-and-tokens). */
export const oauthTokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires: z.coerce.number().int().optional(),
  expires_in: z.coerce.number().int().default(3600),
  client_endpoint: z.string().url(),
  server_endpoint: z.string().url(),
  domain: z.string().default(''),
  member_id: z.string().min(1),
  scope: z.string().default(''),
  status: z.string().default('L'),
  user_id: z.coerce.number().int().positive().optional(),
});
export type OauthToken = z.infer<typeof oauthTokenSchema>;

/** When a token response's access token expires, in epoch ms. */
export function accessExpiry(token: OauthToken, now = Date.now()): number {
  return token.expires !== undefined ? token.expires * 1000 : now + token.expires_in * 1000;
}

export interface RestClientOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class RestClient {
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: RestClientOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#fetch = options.fetch ?? fetch;
  }

  /** Calls `{clientEndpoint}{method}` with the access token; returns `result` or throws BitrixRestError. */
  async call<T>(
    clientEndpoint: string,
    accessToken: string,
    method: string,
    params: object = {},
  ): Promise<T> {
    const url = new URL(method, clientEndpoint.endsWith('/') ? clientEndpoint : `${clientEndpoint}/`);
    const body = await this.#request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ ...params, auth: accessToken }),
    });
    return (body as { result: T }).result;
  }

  /**
   * Exchanges a code or a refresh token at the portal's OAuth server (`server_endpoint` minus
   * `/rest/`). The client secret goes only to the server_endpoint stored at install, never to a
   * host named by an incoming request.
   */
  async token(
    serverEndpoint: string,
    grant:
      | { grant_type: 'authorization_code'; code: string }
      | { grant_type: 'refresh_token'; refresh_token: string },
    client: { clientId: string; clientSecret: string },
  ): Promise<OauthToken> {
    const url = oauthTokenUrl(serverEndpoint);
    const form = new URLSearchParams({
      ...grant,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    const body = await this.#request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    const parsed = oauthTokenSchema.safeParse(body);
    if (!parsed.success)
      throw new BitrixRestError(200, 'invalid_response', 'The OAuth server answered without tokens');
    return parsed.data;
  }

  async #request(url: URL, init: RequestInit): Promise<unknown> {
    let response: Response;
    try {
      response = await this.#fetch(url, {
        ...init,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new BitrixRestError(0, 'NETWORK_ERROR', error instanceof Error ? error.message : String(error));
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // The answer itself is not kept: whoever answered, its text goes nowhere.
      throw new BitrixRestError(response.status, '', `Not JSON (HTTP ${response.status})`);
    }
    const error = errorBodySchema.safeParse(body);
    if (error.success && (error.data.error !== '' || !response.ok)) {
      throw new BitrixRestError(response.status, error.data.error, error.data.error_description ?? '');
    }
    if (!response.ok) throw new BitrixRestError(response.status, '', `HTTP ${response.status}`);
    return body;
  }
}

export function oauthTokenUrl(serverEndpoint: string): URL {
  const base = new URL(serverEndpoint);
  const path = base.pathname.replace(/\/rest\/?$/, '/').replace(/\/?$/, '/');
  return new URL(`${path}oauth/token/`, base.origin);
}
