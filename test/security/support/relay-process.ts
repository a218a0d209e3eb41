import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  build as buildPortal,
  listen as listenPortal,
  type PortalServer,
} from '../../../sandbox/portal/server';
import { startNodeService, type NodeService } from '../../../sandbox/services/node-service';
import { clientId, clientSecret, routeToken } from '../../relay/support/relay-rig';

export interface RelayProcessOptions {
  /** Laid over the relay's configuration file. */
  config?: Record<string, unknown>;
  /** Where the database goes, relative to the test's folder. */
  databasePath?: string;
  /** Runs in the test's folder before the relay starts (e.g. to leave files an older relay left). */
  prepare?: (dir: string) => void;
  /** Laid over the relay's environment. */
  env?: Record<string, string>;
}

/**
 * `npm run relay` as its own process (relay/cli.ts, JSON log in a file) next to the portal
 * emulator, both on loopback: for what only a real process shows - its log lines, the files it
 * creates. `stop()` stops the relay by its PID and the emulator, and removes the folder.
 */
export class RelayProcess {
  #relay: NodeService | undefined;

  private constructor(
    readonly dir: string,
    readonly portal: PortalServer,
    readonly portalUrl: string,
    readonly logFile: string,
    readonly databasePath: string,
    private readonly env: Record<string, string>,
  ) {}

  static async start(options: RelayProcessOptions = {}): Promise<RelayProcess> {
    const dir = mkdtempSync(path.join(tmpdir(), 'relay-security-'));
    const portal = buildPortal();
    try {
      options.prepare?.(dir);
      const portalUrl = await listenPortal(portal, 0);
      const configFile = path.join(dir, 'relay.json');
      writeFileSync(
        configFile,
        JSON.stringify({
          portals: { oauthServers: [`${portalUrl}/oauth-server/rest/`], allowInsecureHttp: true },
          lines: [{ number: '74950001122' }],
          ...options.config,
        }),
      );
      const secretFile = path.join(dir, 'client-secret');
      writeFileSync(secretFile, clientSecret, { mode: 0o600 });
      const databasePath = path.join(dir, options.databasePath ?? 'relay.db');
      const env = {
        RELAY_CONFIG: configFile,
        RELAY_PORT: '0',
        RELAY_DB: databasePath,
        B24_CLIENT_ID: clientId,
        B24_CLIENT_SECRET_FILE: secretFile,
        RELAY_ROUTE_TOKEN: routeToken,
        ...options.env,
      };
      const relay = new RelayProcess(dir, portal, portalUrl, path.join(dir, 'relay.log'), databasePath, env);
      await relay.restart();
      return relay;
    } catch (error) {
      await portal.close();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The relay's process now (a restart starts another). */
  get relay(): NodeService {
    if (!this.#relay) throw new Error('the relay has not started');
    return this.#relay;
  }

  get url(): string {
    return this.relay.url;
  }

  /** Stops the relay (if it runs) and starts it again on the same database, `env` laid over. */
  async restart(env: Record<string, string | undefined> = {}): Promise<void> {
    await this.#relay?.process.stop();
    this.#relay = await startNodeService({
      name: 'relay',
      script: 'relay/cli.ts',
      readyLine: /relay ready at (http:\/\/[\d.:]+)/,
      logFile: this.logFile,
      env: { ...this.env, ...env },
      startTimeoutMs: 20_000,
    });
  }

  /** Installs the emulator's application with this relay's URLs. */
  async install(): Promise<{ status: number; applicationToken: string }> {
    const response = await fetch(`${this.portalUrl}/_sandbox/install`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        handler_url: `${this.url}/bitrix/install`,
        redirect_uri: `${this.url}/oauth/callback`,
      }),
    });
    const body = (await response.json()) as { application_token: string; delivery: { status: number } };
    return { status: body.delivery.status, applicationToken: body.application_token };
  }

  async stop(): Promise<void> {
    try {
      await this.#relay?.process.stop();
    } finally {
      await this.portal.close();
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
