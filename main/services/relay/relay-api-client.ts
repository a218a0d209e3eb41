import { z } from 'zod';
import {
  agentAccessTokenSchema,
  agentIdentitySchema,
  relayErrorSchema,
  relayPaths,
  signInPollResultSchema,
  signInStartedSchema,
  type AgentAccessToken,
  type AgentIdentity,
  type SignInPollResult,
  type SignInStarted,
} from '../../../common/relay/relay-api';

/** A refused or failed relay request; `status` 0 when the relay was not reached. */
export class RelayRequestError extends Error {
  override readonly name = 'RelayRequestError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** The session is gone (signed out, revoked, expired, grant lost): sign in again. */
  get signInRequired(): boolean {
    return this.status === 401;
  }
}

/** The relay's HTTP API as the app uses it (common/relay/relay-api.ts). */
export class RelayApiClient {
  constructor(
    readonly relayUrl: string,
    private readonly options: { timeoutMs?: number; fetch?: typeof fetch } = {},
  ) {}

  startSignIn(portal?: string, deviceName?: string): Promise<SignInStarted> {
    return this.#post(
      relayPaths.signIn,
      { ...(portal ? { portal } : {}), ...(deviceName ? { deviceName } : {}) },
      signInStartedSchema,
    );
  }

  pollSignIn(pairingId: string, pollToken: string): Promise<SignInPollResult> {
    return this.#post(relayPaths.signInPoll, { pairingId, pollToken }, signInPollResultSchema);
  }

  /** A fresh access token; `expiredAccessToken` when Bitrix24 just refused that one as expired. */
  token(session: string, expiredAccessToken?: string): Promise<AgentAccessToken> {
    return this.#post(
      relayPaths.token,
      expiredAccessToken ? { expiredAccessToken } : {},
      agentAccessTokenSchema,
      session,
    );
  }

  me(session: string): Promise<AgentIdentity> {
    return this.#request('GET', relayPaths.me, undefined, agentIdentitySchema, session);
  }

  async signOut(session: string): Promise<void> {
    await this.#request('POST', relayPaths.signOut, undefined, z.unknown(), session);
  }

  #post<T>(path: string, body: object, schema: z.ZodType<T>, session?: string): Promise<T> {
    return this.#request('POST', path, body, schema, session);
  }

  async #request<T>(
    method: string,
    path: string,
    body: object | undefined,
    schema: z.ZodType<T>,
    session?: string,
  ): Promise<T> {
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(new URL(path, this.relayUrl), {
        method,
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(session ? { authorization: `Bearer ${session}` } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new RelayRequestError(0, 'network', `The relay is not reachable: ${(error as Error).message}`);
    }
    if (response.status === 204) return schema.parse(undefined);
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const refused = relayErrorSchema.safeParse(json);
      throw new RelayRequestError(
        response.status,
        refused.success ? refused.data.error : 'http',
        refused.success ? refused.data.message : `The relay answered HTTP ${response.status}`,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new RelayRequestError(response.status, 'bad-response', 'Unexpected answer from the relay');
    return parsed.data;
  }
}
