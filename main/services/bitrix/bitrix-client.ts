import {
  AjaxError,
  ApiVersion,
  B24OAuth,
  EnumAppStatus,
  RefreshTokenError,
  SdkError,
} from '@bitrix24/b24jssdk';
import type { HandlerRefreshAuth } from '@bitrix24/b24jssdk';
import { BitrixCallError, type BitrixFailureKind } from './bitrix-call-error';
import type { BitrixTokens } from './bitrix-tokens';

export interface BitrixClientOptions {
  /** Gets a fresh token pair when the access token expired (the relay in production). Without
   * one, an expired token means the agent must sign in again. */
  refresh?: () => Promise<BitrixTokens>;
  /** Called with every new token pair so it can be persisted. */
  onTokens?: (tokens: BitrixTokens) => void;
  /** Per-request timeout; the portal allows 60 s, an agent's status should not wait that long. */
  timeoutMs?: number;
}

/**
 * The agent's Bitrix24 REST client: the official SDK (B24OAuth) with its own retries switched off
 * - the outbox owns retries, so a non-idempotent register is never sent twice behind our back -
 * but its refresh-and-retry-once on `expired_token` kept. Every failure comes out as a
 * BitrixCallError saying whether to retry, hold for sign-in, or give up on the request.
 */
export class BitrixClient {
  readonly #sdk: B24OAuth;
  #tokens: BitrixTokens;

  constructor(tokens: BitrixTokens, options: BitrixClientOptions = {}) {
    this.#tokens = tokens;
    this.#sdk = new B24OAuth(
      {
        applicationToken: '',
        userId: tokens.user_id,
        memberId: tokens.member_id,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        expires: tokens.expires,
        expiresIn: tokens.expires_in,
        scope: tokens.scope,
        domain: tokens.domain || new URL(tokens.client_endpoint).host,
        clientEndpoint: tokens.client_endpoint,
        serverEndpoint: tokens.server_endpoint || tokens.client_endpoint,
        status: EnumAppStatus.Local,
      },
      // The desktop never holds the client secret; refresh goes through `options.refresh`.
      { clientId: '', clientSecret: '' },
      { restrictionParams: { maxRetries: 1, retryOnNetworkError: false } },
    );
    this.#sdk.offClientSideWarning();
    this.#sdk.getHttpClient(ApiVersion.v2).ajaxClient.defaults.timeout = options.timeoutMs ?? 15_000;
    const refresh = options.refresh;
    this.#sdk.setCustomRefreshAuth(async (): Promise<HandlerRefreshAuth> => {
      if (!refresh)
        throw new BitrixCallError(
          'sign-in-required',
          'expired_token',
          'The Bitrix24 session expired: sign in again',
          401,
        );
      const next = await refresh();
      this.#tokens = next;
      options.onTokens?.(next);
      return {
        access_token: next.access_token,
        refresh_token: next.refresh_token,
        expires: String(next.expires),
        expires_in: String(next.expires_in),
        client_endpoint: next.client_endpoint,
        server_endpoint: next.server_endpoint,
        member_id: next.member_id,
        scope: next.scope,
        status: next.status,
        domain: next.domain,
      };
    });
  }

  /** The Bitrix24 user these tokens act as. */
  get userId(): number {
    return this.#tokens.user_id;
  }

  /** The portal's address, for the status bar. */
  get portal(): string {
    return new URL(this.#tokens.client_endpoint).origin;
  }

  /** Calls a REST method once and returns its `result`, or throws a BitrixCallError. */
  async call<T>(method: string, params: object): Promise<T> {
    try {
      const response = await this.#sdk.actions.v2.call.make({ method, params });
      if (!response.isSuccess) {
        // HTTP 200 with an error body: the request itself was refused.
        throw new BitrixCallError('rejected', '', response.getErrorMessages().join('; '), 200);
      }
      return (response.getData() as { result: T }).result;
    } catch (error) {
      throw toBitrixCallError(error);
    }
  }
}

function toBitrixCallError(error: unknown): BitrixCallError {
  if (error instanceof BitrixCallError) return error;
  if (error instanceof RefreshTokenError) {
    const lost = ['invalid_grant', 'invalid_client', 'invalid_request', 'expired_token'].includes(error.code);
    return new BitrixCallError(
      lost ? 'sign-in-required' : 'network',
      error.code,
      error.message,
      error.status,
    );
  }
  if (error instanceof AjaxError || error instanceof SdkError) {
    return new BitrixCallError(kindOf(error.code, error.status), error.code, error.message, error.status);
  }
  return new BitrixCallError('network', '', error instanceof Error ? error.message : String(error), 0);
}

function kindOf(code: string, status: number): BitrixFailureKind {
  if (code === 'NETWORK_ERROR' || status === 0) return 'network';
  if (code === 'REQUEST_TIMEOUT' || status === 408) return 'timeout';
  if (code === 'QUERY_LIMIT_EXCEEDED' || code === 'OPERATION_TIME_LIMIT' || status === 503 || status === 429)
    return 'rate-limited';
  if (status === 401 && (code === 'expired_token' || code === 'invalid_token')) return 'sign-in-required';
  if (status >= 500) return 'server';
  return 'rejected';
}
