import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';

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
});
export type ExternalLineConfig = z.infer<typeof externalLineSchema>;

const ms = (fallback: number) => z.number().int().positive().default(fallback);

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
    callbacks: z
      .object({
        offerTimeoutMs: ms(20_000),
        /** After every free agent declined, offer the callback round again after this long. */
        reofferAfterMs: ms(60_000),
        /** A callback nobody accepted is dropped from the queue after this long. */
        maxWaitMs: ms(24 * 3600_000),
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
        /** Country for numbers the dialplan sends without an international prefix. */
        defaultCountry: z
          .string()
          .regex(/^[A-Z]{2}$/)
          .default('RU'),
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
        /** Requests per second per agent session (hub requests and HTTP together), burst twice that. */
        sessionRatePerSecond: z.number().positive().default(20),
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
}

export type RelayConfig = Omit<z.infer<typeof relayFileConfigSchema>, 'databasePath'> & {
  databasePath: string;
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
  clientId: 'B24_CLIENT_ID',
  clientSecret: 'B24_CLIENT_SECRET',
  clientSecretFile: 'B24_CLIENT_SECRET_FILE',
  adminToken: 'RELAY_ADMIN_TOKEN',
  adminTokenFile: 'RELAY_ADMIN_TOKEN_FILE',
  routeToken: 'RELAY_ROUTE_TOKEN',
  routeTokenFile: 'RELAY_ROUTE_TOKEN_FILE',
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
  const databasePath = env[relayEnv.databasePath]?.trim() || base.databasePath;
  if (!databasePath) {
    throw new RelayConfigError(
      `Where the relay keeps its database is missing (${relayEnv.databasePath} or databasePath)`,
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
    app: { clientId },
    secrets: {
      clientSecret,
      ...(adminToken ? { adminToken } : {}),
      ...(routeToken ? { routeToken } : {}),
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
