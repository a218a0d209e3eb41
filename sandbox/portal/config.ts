import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * Where the Bitrix24 documentation contradicts itself or field reports contradict it
 * (docs/sandbox-portal.md#configuration-the-ambiguities), the emulator lets you choose. Each default is
 * the choice that breaks more of a careless client, never the more lenient one.
 */
export interface Ambiguities {
  /** HTTP status of WRONG_AUTH_TYPE: the contract table says 403, some method pages say 400. */
  wrongAuthTypeStatus: 400 | 403;
  /** HTTP status of ERROR_METHOD_NOT_FOUND: 404 in the table, 400 on some pages. */
  methodNotFoundStatus: 400 | 404;
  /**
   * HTTP status of insufficient_scope: the contract table and older system-error pages say 403, the
   * current system-error page 401 (it travels with the other OAuth errors). 401 is the stricter: a
   * client that answers every 401 with a refresh or a new sign-in loops on a scope problem.
   */
  insufficientScopeStatus: 401 | 403;
  /**
   * An inbound webhook whose user/code pair does not exist: `INVALID_CREDENTIALS` "Invalid request
   * credentials" (current system-error page) or `NO_AUTH_FOUND` "Wrong authorization data" (contract
   * table, older pages). Both 401.
   */
  unknownWebhookError: 'INVALID_CREDENTIALS' | 'NO_AUTH_FOUND';
  /**
   * Field reports show `"error": ""` with a real `error_description` on method validation errors.
   * `method-errors` blanks the code of ERROR_CORE and INVALID_ARGUMENT answers (transport, auth,
   * scope and limit errors keep their codes); `none` sends the documented codes.
   */
  blankErrorCodes: 'method-errors' | 'none';
  /**
   * CALL_START_DATE without a UTC offset: `reject` answers "CALL_START_DATE should be in the
   * ISO-8601 format"; `portal-time` reads it in the portal's time zone, as the field reports of
   * wrong CRM times suggest.
   */
  callStartDateWithoutOffset: 'reject' | 'portal-time';
  /** Whether the 30-minute re-registration dedupe also returns CALL_IDs that were already finished. */
  dedupeIncludesFinished: boolean;
  /**
   * A batch of more than 50 commands: `reject` answers 400 ERROR_BATCH_LENGTH_EXCEEDED for the whole
   * request (system error table); `per-command` runs the first 50 and fails the rest (batch page).
   */
  batchOverLimit: 'reject' | 'per-command';
  /** Event bodies built like PHP's http_build_query (`percent`: `data%5BCALL_ID%5D=`) or with raw brackets. */
  eventBracketEncoding: 'percent' | 'raw';
  /** Whether events other than ONAPPINSTALL carry `auth[refresh_token]` (the contract guarantees it only there). */
  eventAuthIncludesRefreshToken: boolean;
  /**
   * The keys of an event's `auth`: `documented` sends exactly the documented ones (access_token,
   * expires_in, scope, domain, server_endpoint, status, client_endpoint, member_id, [refresh_token,]
   * application_token); `extended` adds `expires` and `user_id`, which OAuth answers carry but the
   * event pages never list. A handler must not count on them.
   */
  eventAuthFields: 'documented' | 'extended';
  /** CALL_START_DATE in the finish result: `{}` as the documented example shows, or an ISO string. */
  finishStartDateFormat: 'object' | 'iso';
  /**
   * HTTP status the OAuth server answers its errors with (`error` in the JSON body either way). Not
   * documented; 400 is what RFC 6749 prescribes and what the SDK's refresh reports as the status.
   */
  oauthErrorStatus: 200 | 400;
  /**
   * Whether refreshing also invalidates the access token issued with the old refresh token. Not
   * documented; `true` (the stricter) breaks a client that keeps calling with the old token after
   * a refresh elsewhere (another process, the relay) instead of taking the new one.
   */
  refreshRevokesOldAccessToken: boolean;
  /**
   * The answer to a POST of a recording to attachRecord's `uploadUrl`, which the method's page does
   * not show (sandbox/portal/transport/upload-answer.ts): `rest` (`{result: {FILE_ID}, time}`),
   * `bare` (`{FILE_ID}` without the envelope) or `empty` (HTTP 200, no body).
   */
  uploadAnswer: 'rest' | 'bare' | 'empty';
}

export interface RateLimitConfig {
  enabled: boolean;
  /** Requests the bucket holds before the next one is refused (`X`: 50, Enterprise 250). */
  burst: number;
  /** Requests drained per second (`Y`: 2, Enterprise 5). */
  drainPerSecond: number;
  /** Whether refused requests still fill the bucket (a client hammering through 503s stays blocked). */
  countRefused: boolean;
  /** Key the bucket on X-Forwarded-For instead of the socket address, to simulate several offices. */
  trustForwardedFor: boolean;
}

export interface PortalConfig {
  portalName: string;
  accessTokenLifetimeSec: number;
  refreshTokenLifetimeSec: number;
  authCodeLifetimeSec: number;
  dedupeWindowSec: number;
  /** Country for reading numbers written without a country code (8 916..., 916...). */
  defaultCountry: string;
  /** The portal's UTC offset, used for `time.date_start` and for dates written without an offset. */
  timeZoneOffsetMinutes: number;
  /**
   * Seconds of summed execution time of one method within 10 minutes after which that method answers
   * 429 OPERATION_TIME_LIMIT for every application and webhook of the portal (480 in the cloud). The
   * emulator's methods take microseconds: set a tiny value to reach the limit in a test.
   */
  operatingLimitSec: number;
  /**
   * Whether attachRecord (and finish's deprecated RECORD_URL) may download from a loopback, private or
   * link-local address. The cloud refuses them ("Record URL resolves to a non-public address and was
   * blocked."); tests of the RECORD_URL mode, whose servers all live on 127.0.0.1, switch this on.
   */
  recordUrlAllowPrivate: boolean;
  /**
   * How a recording's bytes are checked: `decode` (the default) walks the WAV/MP3 structure and then
   * decodes every MP3 frame with ffmpeg, so only audio a player can really use is accepted;
   * `structure` skips the decode (frame headers that add up, payload unchecked) where ffmpeg is absent.
   */
  audioCheck: 'decode' | 'structure';
  bodyLimitBytes: number;
  eventTimeoutMs: number;
  crmInstalled: boolean;
  rateLimit: RateLimitConfig;
  ambiguities: Ambiguities;
}

export const defaultConfig: PortalConfig = {
  portalName: 'Sandbox Portal',
  accessTokenLifetimeSec: 3600,
  refreshTokenLifetimeSec: 180 * 24 * 3600,
  authCodeLifetimeSec: 30,
  dedupeWindowSec: 30 * 60,
  defaultCountry: 'RU',
  timeZoneOffsetMinutes: 180,
  operatingLimitSec: 480,
  recordUrlAllowPrivate: false,
  audioCheck: 'decode',
  bodyLimitBytes: 50 * 1024 * 1024,
  eventTimeoutMs: 5000,
  crmInstalled: true,
  rateLimit: { enabled: true, burst: 50, drainPerSecond: 2, countRefused: true, trustForwardedFor: false },
  ambiguities: {
    wrongAuthTypeStatus: 403,
    methodNotFoundStatus: 404,
    insufficientScopeStatus: 401,
    unknownWebhookError: 'INVALID_CREDENTIALS',
    blankErrorCodes: 'method-errors',
    callStartDateWithoutOffset: 'reject',
    dedupeIncludesFinished: true,
    batchOverLimit: 'reject',
    eventBracketEncoding: 'percent',
    eventAuthIncludesRefreshToken: false,
    eventAuthFields: 'documented',
    finishStartDateFormat: 'object',
    oauthErrorStatus: 400,
    refreshRevokesOldAccessToken: true,
    uploadAnswer: 'rest',
  },
};

const positiveInt = z.number().int().positive();

/** A partial configuration, as accepted by `build()`, `--config` and `PATCH /_sandbox/config`. */
export const configPatchSchema = z
  .object({
    portalName: z.string().min(1),
    accessTokenLifetimeSec: positiveInt,
    refreshTokenLifetimeSec: positiveInt,
    authCodeLifetimeSec: positiveInt,
    dedupeWindowSec: positiveInt,
    defaultCountry: z
      .string()
      .refine(
        (value): boolean => isSupportedCountry(value),
        'not a known ISO country code (e.g. RU, DE, US)',
      ),
    timeZoneOffsetMinutes: z.number().int().min(-720).max(840),
    operatingLimitSec: z.number().positive(),
    recordUrlAllowPrivate: z.boolean(),
    audioCheck: z.enum(['decode', 'structure']),
    bodyLimitBytes: positiveInt,
    eventTimeoutMs: positiveInt,
    crmInstalled: z.boolean(),
    rateLimit: z
      .object({
        enabled: z.boolean(),
        burst: positiveInt,
        drainPerSecond: z.number().positive(),
        countRefused: z.boolean(),
        trustForwardedFor: z.boolean(),
      })
      .strict()
      .partial(),
    ambiguities: z
      .object({
        wrongAuthTypeStatus: z.union([z.literal(400), z.literal(403)]),
        methodNotFoundStatus: z.union([z.literal(400), z.literal(404)]),
        insufficientScopeStatus: z.union([z.literal(401), z.literal(403)]),
        unknownWebhookError: z.enum(['INVALID_CREDENTIALS', 'NO_AUTH_FOUND']),
        blankErrorCodes: z.enum(['method-errors', 'none']),
        callStartDateWithoutOffset: z.enum(['reject', 'portal-time']),
        dedupeIncludesFinished: z.boolean(),
        batchOverLimit: z.enum(['reject', 'per-command']),
        eventBracketEncoding: z.enum(['percent', 'raw']),
        eventAuthIncludesRefreshToken: z.boolean(),
        eventAuthFields: z.enum(['documented', 'extended']),
        finishStartDateFormat: z.enum(['object', 'iso']),
        oauthErrorStatus: z.union([z.literal(200), z.literal(400)]),
        refreshRevokesOldAccessToken: z.boolean(),
        uploadAnswer: z.enum(['rest', 'bare', 'empty']),
      })
      .strict()
      .partial(),
  })
  .strict()
  .partial();

export type ConfigPatch = z.infer<typeof configPatchSchema>;

/** A new configuration: `base` with `patch` laid over it (nested objects merged key by key). */
export function applyConfigPatch(base: PortalConfig, patch: ConfigPatch): PortalConfig {
  const { rateLimit, ambiguities, ...flat } = patch;
  return {
    ...base,
    ...stripUndefined(flat),
    rateLimit: { ...base.rateLimit, ...stripUndefined(rateLimit ?? {}) },
    ambiguities: { ...base.ambiguities, ...stripUndefined(ambiguities ?? {}) },
  };
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]-?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]-?: Exclude<T[K], undefined>;
  };
}
