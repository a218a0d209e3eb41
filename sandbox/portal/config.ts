import { z } from 'zod';

/**
 * Where the Bitrix24 documentation contradicts itself or field reports contradict it
 * (docs/BITRIX24-CONTRACT.md sections 1 and 6), the emulator lets you choose. Each default is
 * the choice that breaks more of a careless client, never the more lenient one.
 */
export interface Ambiguities {
  /** HTTP status of WRONG_AUTH_TYPE: the contract table says 403, some method pages say 400. */
  wrongAuthTypeStatus: 400 | 403;
  /** HTTP status of ERROR_METHOD_NOT_FOUND: 404 in the table, 400 on some pages. */
  methodNotFoundStatus: 400 | 404;
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
  /** CALL_START_DATE in the finish result: `{}` as the documented example shows, or an ISO string. */
  finishStartDateFormat: 'object' | 'iso';
  /** HTTP status the OAuth server answers its errors with (`error` in the JSON body either way). */
  oauthErrorStatus: 200 | 400;
  /** Whether refreshing also invalidates the access token issued with the old refresh token. */
  refreshRevokesOldAccessToken: boolean;
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
  bodyLimitBytes: 50 * 1024 * 1024,
  eventTimeoutMs: 5000,
  crmInstalled: true,
  rateLimit: { enabled: true, burst: 50, drainPerSecond: 2, countRefused: true, trustForwardedFor: false },
  ambiguities: {
    wrongAuthTypeStatus: 403,
    methodNotFoundStatus: 404,
    blankErrorCodes: 'method-errors',
    callStartDateWithoutOffset: 'reject',
    dedupeIncludesFinished: true,
    batchOverLimit: 'reject',
    eventBracketEncoding: 'percent',
    eventAuthIncludesRefreshToken: false,
    finishStartDateFormat: 'object',
    oauthErrorStatus: 400,
    refreshRevokesOldAccessToken: false,
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
    defaultCountry: z.string().length(2),
    timeZoneOffsetMinutes: z.number().int().min(-720).max(840),
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
        blankErrorCodes: z.enum(['method-errors', 'none']),
        callStartDateWithoutOffset: z.enum(['reject', 'portal-time']),
        dedupeIncludesFinished: z.boolean(),
        batchOverLimit: z.enum(['reject', 'per-command']),
        eventBracketEncoding: z.enum(['percent', 'raw']),
        eventAuthIncludesRefreshToken: z.boolean(),
        finishStartDateFormat: z.enum(['object', 'iso']),
        oauthErrorStatus: z.union([z.literal(200), z.literal(400)]),
        refreshRevokesOldAccessToken: z.boolean(),
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
