import {
  AjaxError,
  ApiVersion,
  B24OAuth,
  EnumAppStatus,
  RefreshTokenError,
  SdkError,
} from '@bitrix24/b24jssdk';
import type { HandlerRefreshAuth } from '@bitrix24/b24jssdk';
import { postFileMultipart, type MultipartFile } from './multipart-upload';
import { BitrixCallError, type BitrixFailureKind } from './bitrix-call-error';
import type { BitrixTokens } from './bitrix-tokens';
import type { RateBudget } from './rate-budget';

export interface BitrixClientOptions {
  /** Gets a fresh token pair when the access token expired (the relay in production). Without
   * one, an expired token means the agent must sign in again. */
  refresh?: () => Promise<BitrixTokens>;
  /** Called with every new token pair so it can be persisted. */
  onTokens?: (tokens: BitrixTokens) => void;
  /** Per-request timeout; the portal allows 60 s, an agent's status should not wait that long. */
  timeoutMs?: number;
  /** The app's shared rate budget for the portal; every request takes a token from it first. */
  budget?: RateBudget;
}

/** One command's outcome in a `batch` answer. */
export interface BatchAnswer {
  results: Record<string, unknown>;
  errors: Record<string, { code: string; description: string }>;
}

/**
 * The agent's Bitrix24 REST client: the official SDK (B24OAuth) with its own retries switched off
 * - the outbox owns retries, so a non-idempotent register is never sent twice behind our back -
 * but its refresh-and-retry-once on `expired_token` kept. Every failure comes out as a
 * BitrixCallError saying whether to retry, hold for sign-in, or give up on the request.
 */
export class BitrixClient {
  readonly #sdk: B24OAuth;
  readonly #budget: RateBudget | undefined;
  readonly #timeoutMs: number;
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
      {
        restrictionParams: {
          maxRetries: 1,
          retryOnNetworkError: false,
          // Pacing is the app-wide RateBudget's job: the SDK's limiter is per instance, and a new
          // instance (new tokens) would start with a full bucket of its own.
          rateLimit: { burstLimit: 1_000_000, drainRate: 1_000_000, adaptiveEnabled: false },
          adaptiveConfig: { enabled: false, thresholdPercent: 100, coefficient: 0, maxDelay: 0 },
        },
      },
    );
    this.#budget = options.budget;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#sdk.offClientSideWarning();
    const http = this.#sdk.getHttpClient(ApiVersion.v2).ajaxClient;
    http.defaults.timeout = options.timeoutMs ?? 15_000;
    // A renamed portal answers a POST with 302: followed, it would become a GET without its body
    // (docs/bitrix24-contract.md#errors-and-limits). Never follow; see kindOf.
    http.defaults.maxRedirects = 0;
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

  /** The tokens in use (refreshed ones included). */
  get tokens(): BitrixTokens {
    return this.#tokens;
  }

  /** Calls a REST method once and returns its `result`, or throws a BitrixCallError. */
  async call<T>(method: string, params: object): Promise<T> {
    await this.#budget?.acquire();
    try {
      const response = await this.#sdk.actions.v2.call.make({ method, params });
      if (!response.isSuccess) {
        // HTTP 200 with an error body: the request itself was refused.
        const [first] = response.getErrors();
        const code = first instanceof AjaxError ? first.code : '';
        throw new BitrixCallError(
          kindOf(code, 400),
          code,
          response.getErrorMessages().join('; '),
          first instanceof AjaxError ? first.status : 200,
        );
      }
      return (response.getData() as { result: T }).result;
    } catch (error) {
      const failure = toBitrixCallError(error);
      if (failure.kind === 'rate-limited') this.#budget?.exhausted();
      throw failure;
    }
  }

  /**
   * The second leg of an upload that answered `{uploadUrl, fieldName}` (attachRecord with FILENAME
   * alone): a multipart POST of the file, streamed from disk. Takes a token of the rate budget like
   * every request; its answer is read as a REST answer (`result`, or `error` as a BitrixCallError).
   * The uploadUrl carries the access token it was issued with, so the SDK's refresh never sees this
   * request: a 401 `expired_token` comes out as such, for the caller to ask for a new uploadUrl
   * (RecordUploader). An answer that is neither a result nor an error is refused, with what it was:
   * the file may or may not be attached, which only the agent's retry settles.
   */
  async upload<T>(uploadUrl: string, fieldName: string, file: MultipartFile): Promise<T> {
    await this.#budget?.acquire();
    const answer = await postFileMultipart(uploadUrl, fieldName, file, this.#timeoutMs);
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      body = null;
    }
    const portal = portalError(body);
    if (portal || answer.status >= 400) {
      const failure = new BitrixCallError(
        kindOf(portal?.code ?? '', answer.status),
        portal?.code ?? '',
        portal?.description || `Server returns HTTP error code ${answer.status}`,
        answer.status,
      );
      if (failure.kind === 'rate-limited') this.#budget?.exhausted();
      throw failure;
    }
    if (!body || typeof body !== 'object' || !('result' in body)) {
      throw new BitrixCallError(
        'rejected',
        '',
        `Bitrix24 answered the recording upload with ${describeAnswer(answer.body)} instead of a REST answer: whether the recording is attached is unknown`,
        answer.status,
      );
    }
    return (body as { result: T }).result;
  }

  /**
   * One `batch` request (at most 50 commands, `method?query` each, see common/bitrix/batch-command.ts),
   * run with halt=0: every command runs, each with its own result or error. Throws a
   * BitrixCallError when the request as a whole failed.
   */
  async batch(commands: Readonly<Record<string, string>>): Promise<BatchAnswer> {
    const answer = await this.call<{ result?: unknown; result_error?: unknown }>('batch', {
      halt: 0,
      cmd: commands,
    });
    const results = asRecord(answer.result);
    const errors: BatchAnswer['errors'] = {};
    for (const [key, value] of Object.entries(asRecord(answer.result_error))) {
      const error = asRecord(value);
      errors[key] = {
        code: typeof error.error === 'string' ? error.error : '',
        description: typeof error.error_description === 'string' ? error.error_description : String(value),
      };
    }
    return { results, errors };
  }
}

/** `{error, error_description}` of a portal answer, if that is what `body` is. */
function portalError(body: unknown): { code: string; description: string } | null {
  if (!body || typeof body !== 'object') return null;
  const { error, error_description: description } = body as Record<string, unknown>;
  if (typeof error !== 'string') return null;
  return { code: error, description: typeof description === 'string' ? description : '' };
}

/** What an unexpected answer was, short enough for the agent's history. */
function describeAnswer(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return 'an empty answer';
  const shown = trimmed.length > 80 ? `${trimmed.slice(0, 80)}...` : trimmed;
  return `"${shown.replace(/\s+/g, ' ')}"`;
}

/** PHP encodes an empty map as `[]`: read both as a record. */
function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function toBitrixCallError(error: unknown): BitrixCallError {
  if (error instanceof BitrixCallError) return error;
  // The SDK wraps what our refresh threw (sign-in required, relay unreachable) in its own error.
  const original = (error as { originalError?: unknown } | null)?.originalError;
  if (original instanceof BitrixCallError || original instanceof RefreshTokenError)
    return toBitrixCallError(original);
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
    // The SDK keeps the portal's answer only when `error` is a non-empty code; the field sends
    // `"error": ""` with the real text in error_description, so read the body ourselves.
    const response = (
      original as { response?: { data?: unknown; headers?: { location?: unknown } } } | undefined
    )?.response;
    const portal = portalError(response?.data);
    const code = portal ? portal.code : error.code;
    const moved = error.status >= 300 && error.status < 400;
    const description = moved
      ? `Bitrix24 redirected the request to ${originOf(response?.headers?.location)} (the portal moved?): sign in again`
      : portal?.description || error.message;
    return new BitrixCallError(kindOf(code, error.status), code, description, error.status);
  }
  return new BitrixCallError('network', '', error instanceof Error ? error.message : String(error), 0);
}

/** Where a redirect points, without its query (which carries request ids). */
function originOf(location: unknown): string {
  try {
    return new URL(String(location)).origin;
  } catch {
    return 'another address';
  }
}

/** What to do about a failure, from the portal's code and HTTP status (exported for batch commands). */
export function kindOf(code: string, status: number): BitrixFailureKind {
  if (code === 'NETWORK_ERROR' || status === 0) return 'network';
  if (code === 'REQUEST_TIMEOUT' || status === 408) return 'timeout';
  // A redirect: the portal moved (renamed). New tokens carry its new client_endpoint.
  if (status >= 300 && status < 400) return 'sign-in-required';
  if (code === 'QUERY_LIMIT_EXCEEDED' || code === 'OPERATION_TIME_LIMIT' || status === 503 || status === 429)
    return 'rate-limited';
  // The SDK already refreshed once on a 401; one that is still a 401 needs a new sign-in.
  if (status === 401 || code === 'expired_token' || code === 'invalid_token' || code === 'NO_AUTH_FOUND')
    return 'sign-in-required';
  if (status >= 500 || code === 'INTERNAL_SERVER_ERROR') return 'server';
  return 'rejected';
}
