import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { z } from 'zod';
import {
  hubClientMessageSchema,
  hubInstanceHeader,
  hubMaxFrameBytes,
  hubRequests,
  hubServerMessageSchema,
  type HubCommand,
  type HubErrorCode,
  type HubNotice,
  type HubRequestMethod,
  type HubRequestParams,
  type HubRequestResult,
  type HubServerMessage,
  type Presence,
} from '../../common/relay/hub-protocol';
import type { RelayMetrics } from '../ops/metrics';
import type { AgentSessions } from '../sessions/agent-sessions';
import { bearerToken, randomId } from '../sessions/secrets';
import type { AgentSession, BusMessage, RelayBus } from '../stores/stores';
import { PresenceBoard } from './presence-board';
import type { RequestLimit } from './request-limit';

/** One app's connection, as request handlers see it: who it is and how to answer it. */
export interface AgentConnection {
  readonly id: string;
  readonly sessionId: string;
  /**
   * Which app this is: the app's own instance id (header `x-b24phone-instance`), stable across its
   * reconnects, so an acceptance it repeats after a reconnect is still recognised as its own.
   */
  readonly instance: string;
  readonly memberId: string;
  readonly userId: number;
}

interface LiveConnection extends AgentConnection {
  socket: WebSocket;
  alive: boolean;
  /** Which of the heartbeat's slices pings this connection (pings are spread over the period). */
  slice: number;
  strikes: number;
}

export class HubRequestError extends Error {
  override readonly name = 'HubRequestError';
  constructor(
    readonly code: HubErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type Handler<M extends HubRequestMethod> = (
  connection: AgentConnection,
  params: HubRequestParams<M>,
) => Promise<HubRequestResult<M>>;

export interface HubListeners {
  /** An app connected (after its welcome and resumed commands were sent). */
  connected?: (connection: AgentConnection) => void;
  disconnected?: (connection: AgentConnection) => void;
  /** An agent's presence changed: its portal may have a free agent now. */
  presence?: (memberId: string) => void;
}

/** Header an app sends on the upgrade with its instance id (hubInstanceHeader in common/relay). */
const instanceHeader = hubInstanceHeader;

/**
 * Heartbeat pings go out in slices of the period, one slice every this many ms: a socket write costs
 * ~0.1 ms on a 2-core VM, so pinging 10,000 connections in ten slices held the event loop - and the
 * click-to-calls queued behind it - for ~100 ms at a time (docs/BENCHMARKS.md).
 */
const heartbeatSliceMs = 50;

const userKey = (memberId: string, userId: number) => `${memberId}\u0000${userId}`;
const offline: Presence = { sipRegistered: false, busy: false, dnd: false };

/**
 * The agent hub: one authenticated WebSocket per app (`Authorization: Bearer <session>` on the
 * upgrade). It sends commands and notices to the apps of one user, answers their requests through
 * the handlers the services register, keeps presence, and pings every connection each heartbeat,
 * dropping the ones that did not answer the previous ping. Ending a session closes its sockets at once.
 */
export class AgentHub {
  readonly presence = new PresenceBoard();
  readonly #server = new WebSocketServer({ noServer: true, maxPayload: hubMaxFrameBytes });
  readonly #byUser = new Map<string, Set<LiveConnection>>();
  readonly #bySession = new Map<string, Set<LiveConnection>>();
  /** Upgrades under way by session: counted against its sockets until they are accepted or fail. */
  readonly #opening = new Map<string, number>();
  readonly #handlers = new Map<HubRequestMethod, Handler<HubRequestMethod>>();
  readonly #listeners: HubListeners[] = [];
  /** Connections by the heartbeat slice that pings them. */
  readonly #slices: Set<LiveConnection>[];
  #heartbeat: NodeJS.Timeout | undefined;
  #tick = 0;

  constructor(
    private readonly deps: {
      sessions: AgentSessions;
      heartbeatMs: number;
      /** Request budgets by session: all the sockets of one session share one. */
      limits: RequestLimit;
      /** Sockets one session may hold open; a further upgrade is refused with 429. */
      socketsPerSession: number;
      log: Logger;
      metrics: RelayMetrics;
      /** The country of the portal's numbers (relay/config/portal-countries.ts), told in the welcome. */
      countryOf?: (domain: string) => string;
      /** The user's default line (relay/config/default-line.ts), told in the welcome. */
      lineOf?: (userId: number) => string | undefined;
      /** Commands still waiting for this user, sent again on every (re)connect. */
      pendingCommands: (memberId: string, userId: number) => Promise<HubCommand[]>;
      /** Notices a fresh connection should start with (e.g. the callback queue). */
      initialNotices: (connection: AgentConnection) => Promise<HubNotice[]>;
      /** The other relays sharing the store: what is sent here reaches their agents too. */
      bus?: RelayBus;
      now?: () => number;
    },
  ) {
    deps.bus?.subscribe((message) => this.#deliver(message));
    // Whatever the others sent while this relay did not hear them is among the stored commands.
    deps.bus?.onResumed(() => void this.#resendPending());
    this.#slices = Array.from(
      { length: Math.max(1, Math.round(deps.heartbeatMs / heartbeatSliceMs)) },
      () => new Set<LiveConnection>(),
    );
    deps.sessions.onEnded((ids, reason) => this.closeSessions(ids, reason));
    deps.metrics.gauge(
      'relay_agent_connections',
      'Open agent app connections',
      () => this.#server.clients.size,
    );
    this.handle('presence/update', (connection, presence) => {
      this.presence.set(connection.memberId, connection.userId, connection.id, presence, this.#now());
      for (const listener of this.#listeners) listener.presence?.(connection.memberId);
      return Promise.resolve({ ok: true as const });
    });
    deps.metrics.gauge(
      'relay_agents_connected',
      'Agents with at least one app connected',
      () => this.#byUser.size,
    );
  }

  #now(): number {
    return (this.deps.now ?? Date.now)();
  }

  handle<M extends HubRequestMethod>(method: M, handler: Handler<M>): void {
    // `#receive` validates params against this same method's schema before calling the handler.
    this.#handlers.set(method, handler);
  }

  listen(listeners: HubListeners): void {
    this.#listeners.push(listeners);
  }

  start(): void {
    // Each connection is pinged once per heartbeat, but in one of the period's slices, so ten
    // thousand pings do not all hold up the event loop (and the dispatch behind it) at once.
    this.#heartbeat ??= setInterval(() => this.#beat(), this.deps.heartbeatMs / this.#slices.length);
    this.#heartbeat.unref();
  }

  /**
   * Takes over an HTTP upgrade to the hub path; refuses it with 401 unless the session is live, and
   * with 429 when the session already holds `socketsPerSession` sockets.
   */
  async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const session = await this.deps.sessions.authenticate(bearerToken(request.headers.authorization));
    if (!session) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (socket.destroyed) return;
    const opening = this.#opening.get(session.id) ?? 0;
    if ((this.#bySession.get(session.id)?.size ?? 0) + opening >= this.deps.socketsPerSession) {
      socket.end(
        'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 5\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    this.#opening.set(session.id, opening + 1);
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      const left = (this.#opening.get(session.id) ?? 1) - 1;
      if (left > 0) this.#opening.set(session.id, left);
      else this.#opening.delete(session.id);
    };
    // A handshake ws refuses never calls back: the socket's close gives the slot back then.
    socket.once('close', settle);
    const header = request.headers[instanceHeader];
    const instance = typeof header === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(header) ? header : undefined;
    this.#server.handleUpgrade(request, socket, head, (ws) => {
      settle();
      void this.#accept(ws, session, instance);
    });
  }

  /**
   * Sends to every app of one agent (but `exceptConnection`), here and through the bus at the other
   * relays; returns how many sockets of this relay it was written to.
   */
  send(memberId: string, userId: number, message: HubServerMessage, exceptConnection?: string): number {
    this.#publish({
      to: 'user',
      memberId,
      userId,
      message,
      ...(exceptConnection ? { exceptConnection } : {}),
    });
    return this.#sendHere(memberId, userId, message, exceptConnection);
  }

  #sendHere(memberId: string, userId: number, message: HubServerMessage, exceptConnection?: string): number {
    const connections = this.#byUser.get(userKey(memberId, userId));
    if (!connections) return 0;
    const frame = JSON.stringify(message);
    let sent = 0;
    for (const connection of connections) {
      if (connection.id === exceptConnection) continue;
      connection.socket.send(frame);
      sent += 1;
    }
    return sent;
  }

  /** Sends to every connected app of a portal except `except` (a user id), at every relay. */
  broadcast(memberId: string, message: HubServerMessage, except?: number): void {
    this.#publish({
      to: 'portal',
      memberId,
      message,
      ...(except !== undefined ? { exceptUser: except } : {}),
    });
    this.#broadcastHere(memberId, message, except);
  }

  #broadcastHere(memberId: string, message: HubServerMessage, except?: number): void {
    const frame = JSON.stringify(message);
    for (const connections of this.#byUser.values()) {
      for (const connection of connections) {
        if (connection.memberId === memberId && connection.userId !== except) connection.socket.send(frame);
      }
    }
  }

  #publish(message: BusMessage): void {
    this.deps.bus
      ?.publish(message)
      .catch((error: unknown) =>
        this.deps.log.warn({ err: error }, 'hub message not passed to the other relays'),
      );
  }

  /** A message another relay sent: only this relay's own sockets get it (it is not published again). */
  #deliver(message: BusMessage): void {
    if (message.to === 'callbacks') return; // the callback dispatcher's
    if (message.to === 'sessions') {
      this.#closeSessionsHere(message.sessionIds, message.reason);
      return;
    }
    const parsed = hubServerMessageSchema.safeParse(message.message);
    if (!parsed.success) return;
    if (message.to === 'user')
      this.#sendHere(message.memberId, message.userId, parsed.data, message.exceptConnection);
    else this.#broadcastHere(message.memberId, parsed.data, message.exceptUser);
  }

  async #resendPending(): Promise<void> {
    try {
      for (const connections of this.#byUser.values()) {
        const first = connections.values().next().value;
        if (!first) continue;
        const commands = await this.deps.pendingCommands(first.memberId, first.userId);
        for (const connection of connections)
          for (const command of commands) this.#write(connection, { t: 'command', command });
      }
    } catch (error) {
      this.deps.log.error({ err: error }, 'resending stored commands failed');
    }
  }

  isConnected(memberId: string, userId: number): boolean {
    return this.#byUser.has(userKey(memberId, userId));
  }

  get connectionCount(): number {
    return this.#server.clients.size;
  }

  /** Closes the sessions' sockets, here and at the other relays. */
  closeSessions(sessionIds: string[], reason: string): void {
    this.#publish({ to: 'sessions', sessionIds, reason });
    this.#closeSessionsHere(sessionIds, reason);
  }

  #closeSessionsHere(sessionIds: string[], reason: string): void {
    for (const id of sessionIds) {
      for (const connection of this.#bySession.get(id) ?? []) {
        this.#write(connection, { t: 'notice', notice: { kind: 'session-ended', reason } });
        connection.socket.close(4001, 'session ended');
        // Do not wait for the close handshake: the session is over now.
        setTimeout(() => connection.socket.terminate(), 1000).unref();
        this.#forget(connection);
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    for (const socket of this.#server.clients) socket.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #accept(socket: WebSocket, session: AgentSession, instance: string | undefined): Promise<void> {
    const id = randomId('conn');
    const connection: LiveConnection = {
      id,
      sessionId: session.id,
      instance: `${session.id}/${instance ?? id}`,
      memberId: session.grant.memberId,
      userId: session.grant.userId,
      socket,
      alive: true,
      slice: Math.floor(Math.random() * this.#slices.length),
      strikes: 0,
    };
    const users =
      this.#byUser.get(userKey(connection.memberId, connection.userId)) ?? new Set<LiveConnection>();
    this.#byUser.set(userKey(connection.memberId, connection.userId), users);
    users.add(connection);
    const sessions = this.#bySession.get(connection.sessionId) ?? new Set<LiveConnection>();
    this.#bySession.set(connection.sessionId, sessions);
    sessions.add(connection);
    this.#slices[connection.slice]?.add(connection);
    this.presence.set(connection.memberId, connection.userId, connection.id, offline, this.#now());

    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('message', (data, isBinary) => {
      connection.alive = true;
      void this.#receive(connection, data, isBinary);
    });
    socket.on('close', () => this.#forget(connection));
    socket.on('error', (error) =>
      this.deps.log.debug({ err: error, connectionId: connection.id }, 'hub socket error'),
    );

    this.#write(connection, {
      t: 'welcome',
      memberId: connection.memberId,
      userId: connection.userId,
      heartbeatMs: this.deps.heartbeatMs,
      ...(this.deps.countryOf ? { country: this.deps.countryOf(session.grant.domain) } : {}),
      ...this.#lineFor(connection.userId),
    });
    try {
      for (const command of await this.deps.pendingCommands(connection.memberId, connection.userId)) {
        this.#write(connection, { t: 'command', command });
      }
      for (const notice of await this.deps.initialNotices(connection))
        this.#write(connection, { t: 'notice', notice });
    } catch (error) {
      this.deps.log.error({ err: error, connectionId: connection.id }, 'resuming a connection failed');
    }
    this.deps.log.info(
      { connectionId: connection.id, memberId: connection.memberId, userId: connection.userId },
      'agent connected',
    );
    for (const listener of this.#listeners) listener.connected?.(connection);
  }

  #lineFor(userId: number): { line?: string } {
    const line = this.deps.lineOf?.(userId);
    return line ? { line } : {};
  }

  #forget(connection: LiveConnection): void {
    const users = this.#byUser.get(userKey(connection.memberId, connection.userId));
    if (!users?.delete(connection)) return;
    if (users.size === 0) this.#byUser.delete(userKey(connection.memberId, connection.userId));
    const sessions = this.#bySession.get(connection.sessionId);
    sessions?.delete(connection);
    if (sessions?.size === 0) this.#bySession.delete(connection.sessionId);
    this.#slices[connection.slice]?.delete(connection);
    this.presence.remove(connection.memberId, connection.userId, connection.id, this.#now());
    this.deps.log.info({ connectionId: connection.id, userId: connection.userId }, 'agent disconnected');
    for (const listener of this.#listeners) listener.disconnected?.(connection);
    for (const listener of this.#listeners) listener.presence?.(connection.memberId);
  }

  async #receive(connection: LiveConnection, data: RawData, isBinary: boolean): Promise<void> {
    if (!this.#bySession.get(connection.sessionId)?.has(connection)) return;
    const limited = !(await this.deps.limits.take(connection.sessionId, this.#now()));
    if (limited) {
      connection.strikes += 1;
      if (connection.strikes > 100) connection.socket.close(1008, 'rate limit');
      this.deps.metrics.hubRequests.inc({ method: 'any', outcome: 'rate-limited' });
    }
    let message;
    try {
      if (isBinary) throw new Error('binary frame');
      message = hubClientMessageSchema.parse(JSON.parse(rawText(data)));
    } catch {
      connection.socket.close(1007, 'malformed message');
      return;
    }
    const { id, method } = message;
    if (limited) {
      this.#write(connection, {
        t: 'response',
        id,
        ok: false,
        error: { code: 'rate-limited', message: 'Too many requests: slow down' },
      });
      return;
    }
    const handler = this.#handlers.get(method);
    const parsed = hubRequests[method].params.safeParse(message.params);
    try {
      if (!handler) throw new HubRequestError('not-found', `${method} is not served here`);
      if (!parsed.success) throw new HubRequestError('bad-request', z.prettifyError(parsed.error));
      const result = await handler(connection, parsed.data);
      this.#write(connection, { t: 'response', id, ok: true, result });
      this.deps.metrics.hubRequests.inc({ method, outcome: 'ok' });
    } catch (error) {
      const known = error instanceof HubRequestError;
      if (!known)
        this.deps.log.error({ err: error, method, connectionId: connection.id }, 'hub request failed');
      const code = known ? error.code : 'internal';
      const text = known ? error.message : 'The relay could not do that';
      this.#write(connection, { t: 'response', id, ok: false, error: { code, message: text } });
      this.deps.metrics.hubRequests.inc({ method, outcome: code });
    }
  }

  #write(connection: LiveConnection, message: HubServerMessage): void {
    if (connection.socket.readyState === connection.socket.OPEN)
      connection.socket.send(JSON.stringify(message));
  }

  #beat(): void {
    const slice = this.#slices[this.#tick] ?? new Set<LiveConnection>();
    this.#tick = (this.#tick + 1) % this.#slices.length;
    for (const connection of slice) {
      if (!connection.alive) {
        this.deps.log.info({ connectionId: connection.id }, 'agent connection missed a heartbeat: dropped');
        connection.socket.terminate();
        this.#forget(connection);
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
