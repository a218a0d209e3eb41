import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { hubPath, type HubCommand, type HubServerMessage } from '../../../common/relay/hub-protocol';
import {
  build as buildPortal,
  listen as listenPortal,
  type PortalServer,
} from '../../../sandbox/portal/server';
import { RelayCluster } from '../../../sandbox/relay/relay-cluster';
import { installRelayApp } from '../../../sandbox/services/relay-service';
import { signInAsPerson } from './browser-sign-in';
import { adminToken, clientId, clientSecret, TestAgent } from './relay-rig';

export interface SandboxCall {
  CALL_ID: string;
  finish: Record<string, string> | null;
  finishRequests: { outcome: string }[];
}

/** A hub message that is the click-to-call command of a CALL_ID. */
export const clickFor = (callId: string) => (message: HubServerMessage) =>
  message.t === 'command' && message.command.kind === 'click-to-call' && message.command.callId === callId;

/**
 * The distinct click-to-call commands a raw hub client got for a CALL_ID. The hub delivers at least
 * once (a command stored while a connection resumes is both pushed and resent); the app's hub link
 * passes each id on once (main/services/relay/relay-hub-link.ts), so one id is one dial.
 */
export function clickCommandsFor(app: { commands: HubCommand[] }, callId: string): string[] {
  return [
    ...new Set(
      app.commands
        .filter((command) => command.kind === 'click-to-call' && command.callId === callId)
        .map((command) => command.id),
    ),
  ];
}

/**
 * The portal emulator and a RelayCluster (relays on PostgreSQL behind HAProxy), the application
 * installed through the balancer as an administrator would: for the several-instances test and
 * benchmark. `stop()` stops every process by its PID and removes the folder.
 */
export class ClusterRig {
  readonly #agents: TestAgent[] = [];

  private constructor(
    readonly dir: string,
    readonly portal: PortalServer,
    readonly portalUrl: string,
    readonly cluster: RelayCluster,
  ) {}

  static async start(options: { instances: number; relay?: Record<string, unknown> }): Promise<ClusterRig> {
    const dir = mkdtempSync(path.join(tmpdir(), 'relay-cluster-'));
    const portal = buildPortal();
    let cluster: RelayCluster | undefined;
    try {
      const portalUrl = await listenPortal(portal, 0);
      const configFile = path.join(dir, 'relay.json');
      writeFileSync(
        configFile,
        JSON.stringify({
          portals: { oauthServers: [`${portalUrl}/oauth-server/rest/`], allowInsecureHttp: true },
          lines: [{ number: '74950001122' }],
          limits: { addressRatePerSecond: 1000 },
          logLevel: 'warn',
          ...options.relay,
        }),
      );
      cluster = await RelayCluster.start({
        dir,
        instances: options.instances,
        env: {
          RELAY_CONFIG: configFile,
          B24_CLIENT_ID: clientId,
          B24_CLIENT_SECRET: clientSecret,
          RELAY_ADMIN_TOKEN: adminToken,
        },
      });
      const rig = new ClusterRig(dir, portal, portalUrl, cluster);
      await installRelayApp(portalUrl, cluster.url);
      return rig;
    } catch (error) {
      await cluster?.stop();
      await portal.close();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  async sandbox<T>(route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.portalUrl}${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  relayUrl(index: number): string {
    return this.cluster.relays[index]?.url as string;
  }

  async signIn(userId: number): Promise<string> {
    return (await signInAsPerson({ relayUrl: this.cluster.url, portalUrl: this.portalUrl, clientId }, userId))
      .session;
  }

  /** An app connected to one instance directly, not through the balancer. */
  async appAt(index: number, session: string): Promise<TestAgent> {
    const agent = await TestAgent.connect(this.relayUrl(index).replace(/^http/, 'ws') + hubPath, session);
    this.#agents.push(agent);
    return agent;
  }

  /** A query on the relays' database, as an operator would run it. */
  async query<Row extends object>(text: string, values: unknown[] = []): Promise<Row[]> {
    const client = new pg.Client({ connectionString: this.cluster.postgres.url });
    await client.connect();
    try {
      return (await client.query<Row>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  /** The form body of an ONEXTERNALCALLSTART as Bitrix24 posts it, for the installed portal. */
  clickEvent(userId: number, callId: string, ts = Math.floor(Date.now() / 1000)): Promise<string> {
    return this.eventForm('ONEXTERNALCALLSTART', ts, {
      CALL_ID: callId,
      USER_ID: String(userId),
      PHONE_NUMBER: '+79161234567',
    });
  }

  /** The form body of an event as Bitrix24 posts it, for the installed portal. */
  async eventForm(event: string, ts: number, data: Record<string, string>): Promise<string> {
    const [portal] = await this.query<{ member_id: string; application_token: string }>(
      'SELECT member_id, application_token FROM portals',
    );
    return new URLSearchParams({
      event,
      ...Object.fromEntries(Object.entries(data).map(([key, value]) => [`data[${key}]`, value])),
      ts: String(ts),
      'auth[member_id]': portal?.member_id ?? '',
      'auth[application_token]': portal?.application_token ?? '',
    }).toString();
  }

  /** Posts an event form to instance `index` directly (not through the balancer); its outcome. */
  async postEvent(index: number, form: string): Promise<string> {
    const response = await fetch(`${this.relayUrl(index)}/bitrix/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    return ((await response.json()) as { outcome: string }).outcome;
  }

  /** A call as the portal emulator recorded it. */
  async call(callId: string): Promise<SandboxCall | undefined> {
    return (await this.sandbox<{ calls: SandboxCall[] }>('/_sandbox/calls')).calls.find(
      (c) => c.CALL_ID === callId,
    );
  }

  #clicks = 0;

  /** A click in the CRM, each to another number (the portal gives a repeated one the same CALL_ID). */
  async click(userId: number): Promise<string> {
    this.#clicks += 1;
    const phone = `+7916123${String(4500 + this.#clicks)}`;
    return (await this.sandbox<{ CALL_ID: string }>('/_sandbox/click-to-call', { user_id: userId, phone }))
      .CALL_ID;
  }

  /** The stored click-to-call command of a CALL_ID. */
  async commandRow(callId: string): Promise<{ id: string; state: string } | undefined> {
    const [row] = await this.query<{ id: string; state: string }>(
      `SELECT id, state FROM commands WHERE command_json::json->>'callId' = $1`,
      [callId],
    );
    return row;
  }

  async stop(): Promise<void> {
    for (const agent of this.#agents) agent.close();
    await this.cluster.stop();
    await this.portal.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
