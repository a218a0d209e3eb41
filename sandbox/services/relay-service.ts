import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startNodeService, type NodeService } from './node-service';

export interface RelayServiceOptions {
  /** The portal emulator whose main application the relay serves and installs. */
  portalOrigin: string;
  /** The relay's configuration, client secret, SQLite database and log go here. */
  directory: string;
  /** External lines the relay registers at install (`telephony.externalLine.add`). */
  lines: ReadonlyArray<{ number: string; name: string }>;
  /** The port to listen on on 127.0.0.1; 0 (the default) takes a free one. */
  port?: number;
  /** Laid over the relay's configuration file (e.g. shorter time-outs). */
  config?: Record<string, unknown>;
}

export interface RelayService {
  url: string;
  /** The relay's process now (a restart starts another). */
  pid(): number;
  /** Stops the relay (SIGTERM) and starts it again on the same port and database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the relay (`relay/cli.ts`, its own process, SQLite in `directory`) for the emulator's main
 * application and installs that application with the relay's URLs, as a portal administrator
 * would: the emulator then sends ONAPPINSTALL to the relay, which keeps the portal's tokens,
 * registers the lines and binds the telephony events to itself. The relay's configuration names the
 * emulator's country (`--country`) for that portal.
 */
export async function startRelayService(options: RelayServiceOptions): Promise<RelayService> {
  const { portalOrigin, directory } = options;
  const env = await writeRelayConfig(options);
  const start = (port: number): Promise<NodeService> =>
    startNodeService({
      name: 'relay',
      script: 'relay/cli.ts',
      readyLine: /relay ready at (http:\/\/[\d.:]+)/,
      logFile: path.join(directory, 'relay.log'),
      env: {
        ...env,
        RELAY_HOST: '127.0.0.1',
        RELAY_PORT: String(port),
        RELAY_DB: path.join(directory, 'relay.db'),
      },
    });
  let relay = await start(options.port ?? 0);
  try {
    await installRelayApp(portalOrigin, relay.url);
  } catch (error) {
    await relay.process.stop();
    throw error;
  }
  const url = relay.url;
  return {
    url,
    pid: () => relay.process.pid,
    restart: async () => {
      await relay.process.stop();
      relay = await start(Number(new URL(url).port));
    },
    stop: async () => void (await relay.process.stop()),
  };
}

/**
 * Writes the relay's configuration for the emulator's main application into `directory` (the
 * portal's country, as an operator writes it for their portal; the lines; `config` laid over) and
 * its client secret; the environment a relay process takes them from (no address, no database).
 */
export async function writeRelayConfig(
  options: Pick<RelayServiceOptions, 'portalOrigin' | 'directory' | 'lines' | 'config'>,
): Promise<Record<string, string>> {
  const { portalOrigin, directory } = options;
  mkdirSync(directory, { recursive: true });
  const appResponse = await fetch(`${portalOrigin}/_sandbox/app`);
  if (!appResponse.ok) throw new Error(`GET ${portalOrigin}/_sandbox/app: ${appResponse.status}`);
  const app = (await appResponse.json()) as { client_id: string; client_secret: string };
  const portalConfig = await fetch(`${portalOrigin}/_sandbox/config`);
  if (!portalConfig.ok) throw new Error(`GET ${portalOrigin}/_sandbox/config: ${portalConfig.status}`);
  const { defaultCountry } = (await portalConfig.json()) as { defaultCountry: string };
  const configFile = path.join(directory, 'relay.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      portals: {
        oauthServers: [`${portalOrigin}/oauth-server/rest/`],
        allowInsecureHttp: true,
        countries: { [new URL(portalOrigin).host]: defaultCountry },
      },
      lines: options.lines,
      ...options.config,
    }),
  );
  // The relay refuses a secret file others can read.
  const secretFile = path.join(directory, 'client-secret');
  writeFileSync(secretFile, app.client_secret, { mode: 0o600 });
  const routeTokenFile = path.join(directory, 'route-token');
  writeFileSync(routeTokenFile, SANDBOX_ROUTE_TOKEN, { mode: 0o600 });
  return {
    RELAY_CONFIG: configFile,
    B24_CLIENT_ID: app.client_id,
    B24_CLIENT_SECRET_FILE: secretFile,
    RELAY_ROUTE_TOKEN_FILE: routeTokenFile,
  };
}

/** The token the sandbox's relays take from the PBX on /route (the rig's 500 line presents it). */
export const SANDBOX_ROUTE_TOKEN = 'sandbox-route-token-of-the-rig';

/**
 * The relay's /route for the emulator's portal as the PBX asks it (the extension alone, as text),
 * without the caller's `phone=`: what the rig's 500 line is given (`setRouteUrl`).
 */
export function relayRouteUrl(relayUrl: string, portalOrigin: string): string {
  const query = new URLSearchParams({
    portal: new URL(portalOrigin).host,
    token: SANDBOX_ROUTE_TOKEN,
    format: 'text',
  });
  return `${relayUrl}/route?${query.toString()}`;
}

/** Installs the emulator's main application with the relay's install handler and OAuth redirect. */
export async function installRelayApp(portalOrigin: string, relayUrl: string): Promise<void> {
  const installed = await fetch(`${portalOrigin}/_sandbox/install`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      handler_url: `${relayUrl}/bitrix/install`,
      redirect_uri: `${relayUrl}/oauth/callback`,
    }),
  });
  const answer = (await installed.json()) as { delivery?: { status: number | null } | null };
  if (answer.delivery?.status !== 200) {
    throw new Error(`installing the app with the relay failed: ${JSON.stringify(answer)}`);
  }
}
