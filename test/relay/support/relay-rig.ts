import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import {
  hubPath,
  hubServerMessageSchema,
  type HubCommand,
  type HubNotice,
  type HubRequestMethod,
  type HubRequestParams,
  type HubRequestResult,
  type HubServerMessage,
} from '../../../common/relay/hub-protocol';
import type { SignInPollResult } from '../../../common/relay/relay-api';
import { build as buildRelay } from '../../../relay/app';
import { resolveRelayConfig, type RelayConfig } from '../../../relay/config/relay-config';
import { openStores } from '../../../relay/stores/open-stores';
import type { RelayStores } from '../../../relay/stores/stores';
import {
  build as buildPortal,
  listen as listenPortal,
  type PortalServer,
} from '../../../sandbox/portal/server';
import { waitInTest } from '../../support/wait-in-test';
import { acquireDatabase, testStore } from './postgres';
import { authorizeInBrowser, confirmInBrowser, signInAsPerson, type SignInSites } from './browser-sign-in';

export const clientId = 'local.66b1c0ffee0001.12345678';
export const clientSecret = 'SbxSecretK3yForTheSandboxPortalApp0000000000000001';
export const adminToken = 'admin-token-for-tests-0123456789';
export const routeToken = 'route-token-for-tests-0123456789';

/** A port nobody listens on right now (the relay must know its public URL before it listens). */
/** A /_sandbox request to the emulator at `portalUrl` over HTTP (JSON in and out); throws on an error status. */
export async function portalSandbox<T>(
  portalUrl: string,
  route: string,
  body?: unknown,
  method?: string,
): Promise<T> {
  const response = await fetch(`${portalUrl}${route}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${route}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RigOptions {
  /** Relay configuration laid over the test defaults (short time-outs); a function is given the
   * portal's address (for settings by the portal's domain). */
  relay?: Record<string, unknown> | ((portalUrl: string) => Record<string, unknown>);
  /** The portal's country (RU unless given): the emulator reads numbers with it, and the relay's
   * configuration names it for that portal. */
  country?: string;
  /** The relay's clock (e.g. held still, so that no rate-limit bucket refills during a test). */
  now?: () => number;
}

/**
 * The portal emulator and the relay, both on real loopback HTTP (the emulator POSTs events to the
 * relay, the relay calls the emulator's REST and OAuth), the relay on a SQLite file that survives
 * `restartRelay()`. Agents connect over real WebSockets.
 */
export class RelayRig {
  portal!: PortalServer;
  portalUrl!: string;
  relay!: FastifyInstance;
  relayUrl!: string;
  stores!: RelayStores;
  config!: RelayConfig;
  readonly #dir = mkdtempSync(path.join(tmpdir(), 'relay-test-'));
  readonly #agents: TestAgent[] = [];
  #port = 0;
  #now: (() => number) | undefined;

  static async start(options: RigOptions = {}): Promise<RelayRig> {
    const rig = new RelayRig();
    const databaseUrl = testStore === 'postgres' ? await acquireDatabase() : undefined;
    rig.#now = options.now;
    rig.portal = buildPortal(options.country ? { config: { defaultCountry: options.country } } : {});
    rig.portalUrl = await listenPortal(rig.portal, 0);
    const countries = options.country ? { [new URL(rig.portalUrl).host]: options.country } : {};
    const relay = typeof options.relay === 'function' ? options.relay(rig.portalUrl) : options.relay;
    rig.#port = await freePort();
    rig.relayUrl = `http://127.0.0.1:${rig.#port}`;
    rig.config = resolveRelayConfig(
      {
        databasePath: path.join(rig.#dir, 'relay.db'),
        portals: {
          oauthServers: [`${rig.portalUrl}/oauth-server/rest/`],
          allowInsecureHttp: true,
          countries,
        },
        lines: [{ number: '74950001122', name: 'Main line' }],
        clickToCall: { acceptTimeoutMs: 1500 },
        callbacks: { offerTimeoutMs: 1500, reofferAfterMs: 60_000 },
        hub: { heartbeatMs: 1000 },
        route: { fallbackExtension: '100' },
        logLevel: 'silent',
        ...relay,
        // Tests sign several agents in from one address, their apps polling every 50 ms: the
        // per-address budget is opened up unless a test sets it.
        limits: { addressRatePerSecond: 1000, ...(relay?.limits as object | undefined) },
      },
      {
        B24_CLIENT_ID: clientId,
        B24_CLIENT_SECRET: clientSecret,
        RELAY_PUBLIC_URL: rig.relayUrl,
        RELAY_ADMIN_TOKEN: adminToken,
        RELAY_ROUTE_TOKEN: routeToken,
        ...(databaseUrl ? { RELAY_DATABASE_URL: databaseUrl } : {}),
      },
    );
    await rig.#startRelay();
    return rig;
  }

  async #startRelay(): Promise<void> {
    this.stores = await openStores(this.config, pino({ level: 'silent' }));
    this.relay = buildRelay(this.config, {
      stores: this.stores,
      log: pino({ level: process.env.RELAY_TEST_LOG ?? 'silent' }),
      sweepIntervalMs: 50,
      ...(this.#now ? { now: this.#now } : {}),
    });
    await this.relay.listen({ host: '127.0.0.1', port: this.#port });
  }

  /** Stops the relay (agents' sockets drop) and starts it again on the same database and port. */
  async restartRelay(): Promise<void> {
    await this.relay.close();
    await this.stores.close();
    // Let fetch's pool see the old server's closed keep-alive sockets before it reuses one.
    await sleep(50);
    await this.#startRelay();
  }

  async close(): Promise<void> {
    for (const agent of this.#agents) agent.close();
    await this.relay.close();
    await this.stores.close();
    await this.portal.close();
    rmSync(this.#dir, { recursive: true, force: true });
  }

  /** A /_sandbox request to the emulator over HTTP. */
  sandbox<T = Record<string, unknown>>(route: string, body?: unknown, method?: string): Promise<T> {
    return portalSandbox<T>(this.portalUrl, route, body, method);
  }

  /** Installs the app as the portal's administrator would, with the relay's URLs. */
  async install(): Promise<{
    application_token: string;
    delivery: { status: number | null; responseBody: string | null };
  }> {
    return this.sandbox('/_sandbox/install', {
      handler_url: `${this.relayUrl}/bitrix/install`,
      redirect_uri: `${this.relayUrl}/oauth/callback`,
    });
  }

  async relayRequest(method: string, route: string, body?: unknown, session?: string): Promise<Response> {
    return fetch(`${this.relayUrl}${route}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(session ? { authorization: `Bearer ${session}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** "Sign in with Bitrix24" as a person does it (browser-sign-in.ts). */
  signIn(userId: number): Promise<Extract<SignInPollResult, { state: 'signed-in' }>> {
    return signInAsPerson(this.#sites(), userId);
  }

  authorizeInBrowser(authorizeUrl: string, userId: number): Promise<void> {
    return authorizeInBrowser(this.#sites(), authorizeUrl, userId);
  }

  confirmInBrowser(confirmUrl: string): Promise<string> {
    return confirmInBrowser(this.relayUrl, confirmUrl);
  }

  #sites(): SignInSites {
    return { relayUrl: this.relayUrl, portalUrl: this.portalUrl, clientId };
  }

  /** Connects an app with the session and waits for its welcome. */
  async connect(session: string): Promise<TestAgent> {
    const agent = await TestAgent.connect(this.relayUrl.replace(/^http/, 'ws') + hubPath, session);
    this.#agents.push(agent);
    return agent;
  }

  /** Signs in, connects and reports itself free (SIP-registered, idle). */
  async agent(
    userId: number,
    presence = { sipRegistered: true, busy: false, dnd: false },
  ): Promise<TestAgent> {
    const { session } = await this.signIn(userId);
    const agent = await this.connect(session);
    agent.session = session;
    await agent.request('presence/update', presence);
    return agent;
  }
}

/** An app's end of the hub, recording everything it receives. */
export class TestAgent {
  readonly messages: HubServerMessage[] = [];
  session = '';
  closed: { code: number; reason: string } | null = null;
  #nextId = 1;
  readonly #waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.messages.push(hubServerMessageSchema.parse(JSON.parse(data.toString('utf8'))));
      for (const wake of this.#waiters) wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const wake of this.#waiters) wake();
    });
  }

  static connect(url: string, session: string): Promise<TestAgent> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers: { authorization: `Bearer ${session}` } });
      const agent = new TestAgent(socket);
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`hub refused: ${response.statusCode}`)),
      );
      socket.once('error', reject);
      void agent.waitFor((message) => message.t === 'welcome').then(() => resolve(agent), reject);
    });
  }

  get commands(): HubCommand[] {
    return this.messages.flatMap((message) => (message.t === 'command' ? [message.command] : []));
  }

  get notices(): HubNotice[] {
    return this.messages.flatMap((message) => (message.t === 'notice' ? [message.notice] : []));
  }

  /**
   * Resolves with the first message (already received or coming) that matches; fails when the
   * socket closes first. No clock of its own: the test's timeout bounds it, and the rig's close in
   * afterEach closes the socket of a test that timed out.
   */
  waitFor(match: (message: HubServerMessage) => boolean): Promise<HubServerMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.find(match);
        if (found) {
          this.#waiters.delete(check);
          resolve(found);
        } else if (this.closed) {
          this.#waiters.delete(check);
          reject(new Error(`socket closed (${this.closed.code} ${this.closed.reason}) while waiting`));
        }
      };
      this.#waiters.add(check);
      check();
    });
  }

  waitForCommand(kind: HubCommand['kind']): Promise<HubCommand> {
    return this.waitFor((message) => message.t === 'command' && message.command.kind === kind).then(
      (message) => (message as Extract<HubServerMessage, { t: 'command' }>).command,
    );
  }

  waitForNotice<K extends HubNotice['kind']>(
    kind: K,
    match: (notice: Extract<HubNotice, { kind: K }>) => boolean = () => true,
  ): Promise<Extract<HubNotice, { kind: K }>> {
    return this.waitFor(
      (message) =>
        message.t === 'notice' &&
        message.notice.kind === kind &&
        match(message.notice as Extract<HubNotice, { kind: K }>),
    ).then(
      (message) =>
        (message as Extract<HubServerMessage, { t: 'notice' }>).notice as Extract<HubNotice, { kind: K }>,
    );
  }

  /** Resolves when the socket closes (no clock of its own, as waitFor). */
  waitForClose(): Promise<{ code: number; reason: string }> {
    return new Promise((resolve) => {
      if (this.closed) return resolve(this.closed);
      this.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
  }

  async request<M extends HubRequestMethod>(
    method: M,
    params: HubRequestParams<M>,
  ): Promise<HubRequestResult<M>> {
    const id = this.#nextId++;
    this.socket.send(JSON.stringify({ t: 'request', id, method, params }));
    const response = await this.waitFor((message) => message.t === 'response' && message.id === id);
    if (response.t !== 'response' || !response.ok) {
      throw new Error(`${method} failed: ${JSON.stringify(response)}`);
    }
    return response.result as HubRequestResult<M>;
  }

  /** The raw response, for requests expected to fail. */
  async rawRequest(method: string, params: unknown): Promise<HubServerMessage> {
    const id = this.#nextId++;
    this.socket.send(JSON.stringify({ t: 'request', id, method, params }));
    return this.waitFor((message) => message.t === 'response' && message.id === id);
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.terminate();
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `read` until `done` says yes (test/support/wait-in-test.ts): no deadline of its own, the
 * test's timeout bounds it, and the polling stops when the test has finished (timed out too).
 */
export async function eventually<T>(read: () => Promise<T> | T, done: (value: T) => boolean): Promise<T> {
  const finished = new AbortController();
  onTestFinished(() => finished.abort());
  return waitInTest('the condition', read, done, finished.signal);
}
