import { readFileSync, statSync } from 'node:fs';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { isIP } from 'node:net';
import { z } from 'zod';
import { awayTimemanStatuses, timemanStatusSchema } from '../../common/bitrix/workday';

/**
 * The relay's configuration: a JSON file for everything an operator may commit to a repository,
 * environment variables for overrides and secrets. Secrets (client secret, admin and route tokens)
 * come only from the environment or from a file readable by its owner alone (mode 0600); a secret
 * in the JSON file is refused, so it cannot leak through a config repository.
 */

const externalLineSchema = z.strictObject({
  number: z.string().trim().min(1).max(64),
  name: z.string().trim().max(100).optional(),
  /** Whether Bitrix24 creates CRM entities for unknown numbers on this line. */
  crmAutoCreate: z.boolean().default(true),
  /** The Bitrix24 users (IDs) whose default line this is (relay/config/default-line.ts). */
  users: z.array(z.number().int().positive()).default([]),
});
export type ExternalLineConfig = z.infer<typeof externalLineSchema>;

const proxyAddressSchema = z
  .string()
  .trim()
  .refine((value) => {
    const [address = '', prefix, ...rest] = value.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return false;
    if (prefix === undefined) return true;
    return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
  }, 'an IP address or CIDR range, e.g. 127.0.0.1 or 10.0.0.0/8');

const ms = (fallback: number) => z.number().int().positive().default(fallback);

/** An ISO 3166 country whose numbers libphonenumber knows (RU, DE, US...). */
const country = z
  .string()
  .trim()
  .toUpperCase()
  .refine(
    (value): value is CountryCode => isSupportedCountry(value),
    'Not a known ISO country code (e.g. RU, DE, US)',
  );

export const relayFileConfigSchema = z
  .object({
    /** The relay's public HTTPS origin as Bitrix24 and browsers reach it (behind the reverse proxy). */
    publicUrl: z.url().optional(),
    listen: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8090),
      })
      .prefault({}),
    /**
     * Addresses (or CIDR ranges) of the reverse proxies in front of the relay: only a request whose
     * socket comes from one of them has its client address taken from X-Forwarded-For. None by default.
     */
    trustedProxies: z.array(proxyAddressSchema).default([]),
    /**
     * The SQLite file (agents' refresh tokens among its contents). No default: one in whatever
     * directory the relay was started from would land in a checkout, or be lost with it.
     */
    databasePath: z.string().min(1).optional(),
    app: z
      .object({ clientId: z.string().trim().min(1).optional() })
      .strict()
      .prefault({}),
    portals: z
      .object({
        /**
         * OAuth servers the relay trusts with the client secret (an install's `server_endpoint` must be
         * one of them). A forged ONAPPINSTALL naming another server is refused, so the secret never
         * leaves for a host an attacker picked.
         */
        oauthServers: z.array(z.url()).min(1).default(['https://oauth.bitrix.info/rest/']),
        /** Accept portals and OAuth servers over plain http: only for the local portal emulator. */
        allowInsecureHttp: z.boolean().default(false),
        /**
         * The country of numbers written without a country code, for every portal not named in
         * `countries` (relay/config/portal-countries.ts); agents' apps receive it when they connect.
         */
        defaultCountry: country.optional(),
        /** The same per portal, by its domain (`example.bitrix24.de`: `DE`). */
        countries: z.record(z.string().min(1).max(255), country).default({}),
      })
      .prefault({}),
    /** External lines registered on every install (`telephony.externalLine.add`). */
    lines: z.array(externalLineSchema).default([]),
    clickToCall: z
      .object({
        /** No app of the user accepted within this: the relay finishes the call with 480. */
        acceptTimeoutMs: ms(10_000),
        /** Events older than this (by their `ts`) are not dialled. */
        maxEventAgeMs: ms(15_000),
      })
      .prefault({}),
    ringGroups: z
      .object({
        /**
         * Every member's leg ended unanswered: the relay waits this long for the PBX to ring another
         * member (a hunt group moving on) before it finishes the call as missed.
         */
        missedAfterMs: ms(4_000),
        /**
         * A call nobody answered is finished as missed this long after its first claim, even when
         * a member's app never said its leg ended (it died while ringing).
         */
        maxRingMs: ms(10 * 60_000),
        /**
         * Whom a missed ring-group call is finished under, per portal by its domain
         * (`example.bitrix24.de`: `7`); without one, the member whose app registered it.
         */
        responsibleUsers: z.record(z.string().min(1).max(255), z.number().int().positive()).default({}),
      })
      .strict()
      .prefault({}),
    transfers: z
      .object({
        /**
         * A call handed to a colleague that no app of the colleague adopted within this is finished
         * by the relay, under the transferring agent, with the talk time until the transfer.
         */
        adoptWithinMs: ms(30_000),
      })
      .strict()
      .prefault({}),
    callbacks: z
      .object({
        offerTimeoutMs: ms(20_000),
        /** After every free agent declined, offer the callback round again after this long. */
        reofferAfterMs: ms(60_000),
        /** A callback nobody accepted is dropped from the queue after this long. */
        maxWaitMs: ms(24 * 3600_000),
        /**
         * How often each relay looks at the queue by itself (new rounds, callbacks waiting too
         * long); a callback queued or passed on is offered at once, at every relay.
         */
        roundMs: ms(5_000),
      })
      .prefault({}),
    sessions: z
      .object({
        ttlMs: ms(30 * 24 * 3600_000),
        signInTimeoutMs: ms(10 * 60_000),
        /** A session's access token is refreshed when it has less than this left. */
        refreshMarginMs: ms(5 * 60_000),
      })
      .prefault({}),
    hub: z
      .object({ heartbeatMs: ms(15_000) })
      .strict()
      .prefault({}),
    route: z
      .object({
        /** Extension returned when nobody responsible is found. */
        fallbackExtension: z.string().trim().max(32).default(''),
        cacheTtlMs: ms(5 * 60_000),
        /** How long a route that depends on the responsible user's TIMEMAN_STATUS is cached. */
        workdayTtlMs: ms(60_000),
        /** TIMEMAN_STATUS values that send the call to the fallback instead of the responsible user. */
        awayStatuses: z.array(timemanStatusSchema).default([...awayTimemanStatuses]),
        /** The former name of `portals.defaultCountry`, still read when that one is not set. */
        defaultCountry: country.optional(),
      })
      .prefault({}),
    limits: z
      .object({
        /** Largest HTTP body accepted (events, sign-in, token requests). */
        bodyBytes: z
          .number()
          .int()
          .positive()
          .max(1024 * 1024)
          .default(64 * 1024),
        /**
         * Requests per second per agent session - its HTTP requests and the requests of all its hub
         * sockets together - burst twice that.
         */
        sessionRatePerSecond: z.number().min(0.5).default(20),
        /** Hub sockets one session may hold open at once; a further upgrade gets 429. */
        socketsPerSession: z.number().int().positive().default(4),
        /**
         * Requests per second per source address (IPv6: per /64) to the routes anyone may call
         * (sign-in start, poll, confirmation page, OAuth callback), burst twice that.
         */
        addressRatePerSecond: z.number().min(0.5).default(10),
        /** Token refreshes an app may force per session (claiming its access token expired). */
        forcedRefreshesPerMinute: z.number().int().positive().default(6),
        /** Sessions and addresses each limit remembers; past that, the idle ones are forgotten first. */
        trackedKeys: z.number().int().min(2).default(100_000),
      })
      .prefault({}),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .strict();

export interface RelaySecrets {
  clientSecret: string;
  /** Bearer token for /admin/*; admin endpoints are off without one. */
  adminToken?: string;
  /** Token the PBX dialplan presents to /route; the endpoint is off without one. */
  routeToken?: string;
  /** Key the tokens in the database are sealed with; kept in clear without one. */
  tokenKey?: string;
}

export type RelayConfig = Omit<z.infer<typeof relayFileConfigSchema>, 'databasePath'> & {
  /** The SQLite file; '' when the relay runs on PostgreSQL (`databaseUrl`). */
  databasePath: string;
  /**
   * PostgreSQL shared by several relays (a libpq connection URI, `RELAY_DATABASE_URL` or
   * `--database-url`); when set, the relay keeps nothing in SQLite.
   */
  databaseUrl?: string;
  /** '' until the relay listens, when none was configured and it listens on loopback. */
  publicUrl: string;
  app: { clientId: string };
  secrets: RelaySecrets;
};

/** Environment variables the relay reads (documented in docs/relay.md). */
export const relayEnv = {
  configFile: 'RELAY_CONFIG',
  publicUrl: 'RELAY_PUBLIC_URL',
  host: 'RELAY_HOST',
  port: 'RELAY_PORT',
  databasePath: 'RELAY_DB',
  databaseUrl: 'RELAY_DATABASE_URL',
  clientId: 'B24_CLIENT_ID',
  clientSecret: 'B24_CLIENT_SECRET',
  clientSecretFile: 'B24_CLIENT_SECRET_FILE',
  adminToken: 'RELAY_ADMIN_TOKEN',
  adminTokenFile: 'RELAY_ADMIN_TOKEN_FILE',
  routeToken: 'RELAY_ROUTE_TOKEN',
  routeTokenFile: 'RELAY_ROUTE_TOKEN_FILE',
  tokenKey: 'RELAY_TOKEN_KEY',
  tokenKeyFile: 'RELAY_TOKEN_KEY_FILE',
} as const;

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);

export class RelayConfigError extends Error {
  override readonly name = 'RelayConfigError';
}

/** Builds the configuration from an already parsed file object plus the environment. */
export function resolveRelayConfig(
  file: unknown,
  env: Record<string, string | undefined>,
  readSecretFile: (path: string) => string = readOwnerOnlyFile,
): RelayConfig {
  const parsed = relayFileConfigSchema.safeParse(file ?? {});
  if (!parsed.success) {
    throw new RelayConfigError(`Invalid relay configuration: ${z.prettifyError(parsed.error)}`);
  }
  const base = parsed.data;
  const port = env[relayEnv.port];
  if (port !== undefined && !/^\d{1,5}$/.test(port)) {
    throw new RelayConfigError(`${relayEnv.port} must be a port number, got "${port}"`);
  }
  const secret = (value: string, fileVariable: string) => {
    const inline = env[value];
    const path = env[fileVariable];
    if (inline && path) throw new RelayConfigError(`Set either ${value} or ${fileVariable}, not both`);
    if (path) return readSecretFile(path).trim();
    return inline?.trim() || undefined;
  };
  const clientId = env[relayEnv.clientId]?.trim() || base.app.clientId;
  const clientSecret = secret(relayEnv.clientSecret, relayEnv.clientSecretFile);
  const publicUrl = env[relayEnv.publicUrl]?.trim() || base.publicUrl;
  if (!clientId) throw new RelayConfigError(`The application's client_id is missing (${relayEnv.clientId})`);
  if (!clientSecret) {
    throw new RelayConfigError(
      `The application's client secret is missing (${relayEnv.clientSecret} or ${relayEnv.clientSecretFile})`,
    );
  }
  const databaseUrl = env[relayEnv.databaseUrl]?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new RelayConfigError(`${relayEnv.databaseUrl} must be a postgresql:// connection URI`);
  }
  const databasePath = databaseUrl ? '' : env[relayEnv.databasePath]?.trim() || base.databasePath;
  if (databasePath === undefined) {
    throw new RelayConfigError(
      `Where the relay keeps its database is missing (${relayEnv.databasePath} or databasePath, or ${relayEnv.databaseUrl})`,
    );
  }
  const host = env[relayEnv.host]?.trim() || base.listen.host;
  if (publicUrl !== undefined && !URL.canParse(publicUrl)) {
    throw new RelayConfigError(`The relay's public URL is invalid (${relayEnv.publicUrl}): ${publicUrl}`);
  }
  // Without a public URL the relay is only reachable where it listens: fine on loopback (a
  // developer's machine, the sandbox, tests), where `npm run relay` takes the address it got.
  if (publicUrl === undefined && !loopbackHosts.has(host)) {
    throw new RelayConfigError(`The relay's public URL is missing (${relayEnv.publicUrl})`);
  }
  const adminToken = secret(relayEnv.adminToken, relayEnv.adminTokenFile);
  const routeToken = secret(relayEnv.routeToken, relayEnv.routeTokenFile);
  const tokenKey = secret(relayEnv.tokenKey, relayEnv.tokenKeyFile);
  if (tokenKey !== undefined && tokenKey.length < 32) {
    throw new RelayConfigError('The token key must be at least 32 characters long');
  }
  for (const [name, token] of [
    ['admin', adminToken],
    ['route', routeToken],
  ] as const) {
    if (token !== undefined && token.length < 16) {
      throw new RelayConfigError(`The ${name} token must be at least 16 characters long`);
    }
  }
  return {
    ...base,
    publicUrl: publicUrl?.replace(/\/+$/, '') ?? '',
    listen: {
      host,
      port: port === undefined ? base.listen.port : Number(port),
    },
    databasePath,
    ...(databaseUrl ? { databaseUrl } : {}),
    app: { clientId },
    secrets: {
      clientSecret,
      ...(adminToken ? { adminToken } : {}),
      ...(routeToken ? { routeToken } : {}),
      ...(tokenKey ? { tokenKey } : {}),
    },
  };
}

/** Loads the JSON file named by RELAY_CONFIG (if any) and resolves it with the environment. */
export function loadRelayConfig(env: Record<string, string | undefined> = process.env): RelayConfig {
  const path = env[relayEnv.configFile];
  let file: unknown = {};
  if (path) {
    try {
      file = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new RelayConfigError(
        `Cannot read the relay configuration ${path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return resolveRelayConfig(file, env);
}

/** Reads a secret file, refusing one that group or others could read. */
export function readOwnerOnlyFile(path: string): string {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new RelayConfigError(
      `${path} is readable by others (mode ${mode.toString(8)}): chmod 600 it before the relay uses it`,
    );
  }
  return readFileSync(path, 'utf8');
}
