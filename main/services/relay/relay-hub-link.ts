import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import {
  hubInstanceHeader,
  hubMaxFrameBytes,
  hubPath,
  hubRequests,
  hubServerMessageSchema,
  type HubCommand,
  type HubNotice,
  type HubRequestMethod,
  type HubRequestParams,
  type HubRequestResult,
  type Presence,
} from '../../../common/relay/hub-protocol';
import type { Logger } from '../log/logger';
import { Emitter } from '../../../common/events/emitter';

/**
 * How the hub link stands:
 *
 *   idle ---start---> connecting ---welcome---> connected
 *   connecting|connected ---lost---> waiting ---backoff elapsed---> connecting
 *   connecting|connected ---401 / session ended---> unauthorized   (sign in again; no retries)
 *   any ---stop---> stopped
 */
export type HubLinkState = 'idle' | 'connecting' | 'connected' | 'waiting' | 'unauthorized' | 'stopped';

export interface RelayHubLinkOptions {
  /** The relay's base URL (http(s)://...); the hub is at ws(s)://.../agent/hub. */
  relayUrl: string;
  session: string;
  log: Logger;
  /** First reconnect delay ceiling; doubles per failed attempt up to `maxBackoffMs`, full jitter. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  requestTimeoutMs?: number;
  /** Randomness for the jitter (tests pin it). */
  random?: () => number;
}

interface PendingRequest {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class HubRequestFailed extends Error {
  override readonly name = 'HubRequestFailed';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The app's one WebSocket to the relay's agent hub: authenticates with the relay session,
 * reconnects after any loss with exponential backoff and full jitter, notices a dead connection
 * when the relay's heartbeat pings stop, reports presence again after every reconnect, and passes
 * each command on exactly once even though the relay re-sends unsettled commands on every
 * reconnect (resume).
 */
export class RelayHubLink {
  readonly #instance = randomBytes(12).toString('base64url');
  readonly #seenCommands = new Set<string>();
  readonly #pending = new Map<number, PendingRequest>();
  readonly #events = new Emitter<{ command: [HubCommand]; notice: [HubNotice]; state: [HubLinkState] }>();
  #state: HubLinkState = 'idle';
  #socket: WebSocket | null = null;
  #attempt = 0;
  #nextId = 1;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #deadTimer: NodeJS.Timeout | undefined;
  #heartbeatMs = 15_000;
  #presence: Presence | null = null;

  #country: string | undefined;
  #line: string | undefined;

  constructor(private readonly options: RelayHubLinkOptions) {}

  get state(): HubLinkState {
    return this.#state;
  }

  /** The portal's country as the last welcome told it (undefined from a relay that does not). */
  get country(): string | undefined {
    return this.#country;
  }

  /** The agent's default line as the last welcome told it (undefined from a relay that does not). */
  get line(): string | undefined {
    return this.#line;
  }

  onCommand(listener: (command: HubCommand) => void): () => void {
    return this.#events.on('command', listener);
  }

  onNotice(listener: (notice: HubNotice) => void): () => void {
    return this.#events.on('notice', listener);
  }

  onState(listener: (state: HubLinkState) => void): () => void {
    return this.#events.on('state', listener);
  }

  start(): void {
    if (this.#state !== 'idle' && this.#state !== 'stopped') return;
    this.#connect();
  }

  stop(): void {
    this.#setState('stopped');
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#deadTimer);
    this.#socket?.terminate();
    this.#socket = null;
    this.#failPending(new HubRequestFailed('stopped', 'The relay link was stopped'));
  }

  /** What the relay should know about this agent; sent now if connected and after every reconnect. */
  setPresence(presence: Presence): void {
    this.#presence = presence;
    if (this.#state === 'connected') this.#sendPresence();
  }

  /** A request to the relay; rejects when not connected, on an error answer, or after the time-out. */
  request<M extends HubRequestMethod>(method: M, params: HubRequestParams<M>): Promise<HubRequestResult<M>> {
    const socket = this.#socket;
    if (this.#state !== 'connected' || !socket) {
      return Promise.reject(new HubRequestFailed('offline', 'Not connected to the relay'));
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new HubRequestFailed('timeout', `${method}: the relay did not answer`));
      }, this.options.requestTimeoutMs ?? 10_000);
      this.#pending.set(id, {
        resolve: (value) => {
          const parsed = hubRequests[method].result.safeParse(value);
          if (parsed.success) resolve(parsed.data as HubRequestResult<M>);
          else reject(new HubRequestFailed('bad-response', `${method}: unexpected answer from the relay`));
        },
        reject,
        timer,
      });
      socket.send(JSON.stringify({ t: 'request', id, method, params }));
    });
  }

  #connect(): void {
    this.#setState('connecting');
    const url = new URL(hubPath, this.options.relayUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url, {
      headers: { authorization: `Bearer ${this.options.session}`, [hubInstanceHeader]: this.#instance },
      maxPayload: hubMaxFrameBytes,
      handshakeTimeout: 10_000,
    });
    this.#socket = socket;
    socket.on('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      socket.terminate();
      if (status === 401) this.#unauthorized('The relay refused the session (401)');
    });
    socket.on('open', () => this.#armDeadTimer());
    socket.on('ping', () => this.#armDeadTimer());
    socket.on('message', (data: Buffer) => {
      this.#armDeadTimer();
      this.#receive(data.toString('utf8'));
    });
    socket.on('close', (code) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      clearTimeout(this.#deadTimer);
      this.#failPending(new HubRequestFailed('offline', 'The connection to the relay was lost'));
      if (code === 4001) this.#unauthorized('The relay ended the session');
      else this.#scheduleReconnect();
    });
    socket.on('error', (error) => this.options.log.debug({ err: error }, 'relay hub socket error'));
  }

  #receive(text: string): void {
    let message;
    try {
      message = hubServerMessageSchema.parse(JSON.parse(text));
    } catch (error) {
      this.options.log.warn({ err: error }, 'relay hub: unreadable message ignored');
      return;
    }
    switch (message.t) {
      case 'welcome':
        this.#heartbeatMs = message.heartbeatMs;
        this.#country = message.country;
        this.#line = message.line;
        this.#attempt = 0;
        this.#armDeadTimer();
        this.#setState('connected');
        if (this.#presence) this.#sendPresence();
        return;
      case 'command':
        if (this.#seenCommands.has(message.command.id)) return;
        this.#remember(message.command.id);
        this.#events.emit('command', message.command);
        return;
      case 'notice':
        if (message.notice.kind === 'session-ended') this.#unauthorized(message.notice.reason);
        this.#events.emit('notice', message.notice);
        return;
      case 'response': {
        const pending = this.#pending.get(message.id);
        if (!pending) return;
        this.#pending.delete(message.id);
        clearTimeout(pending.timer);
        if (message.ok) pending.resolve(message.result);
        else
          pending.reject(
            new HubRequestFailed(message.error?.code ?? 'internal', message.error?.message ?? 'Refused'),
          );
      }
    }
  }

  #sendPresence(): void {
    if (!this.#presence) return;
    this.request('presence/update', this.#presence).catch((error: unknown) =>
      this.options.log.warn({ err: error }, 'relay hub: presence not delivered'),
    );
  }

  /** A connection that hears neither a ping nor a message for 2.5 heartbeats is dead: drop it. */
  #armDeadTimer(): void {
    clearTimeout(this.#deadTimer);
    this.#deadTimer = setTimeout(() => {
      this.options.log.info('relay hub: heartbeat missed, reconnecting');
      this.#socket?.terminate();
    }, this.#heartbeatMs * 2.5);
    this.#deadTimer.unref();
  }

  #scheduleReconnect(): void {
    if (this.#state === 'stopped' || this.#state === 'unauthorized') return;
    this.#setState('waiting');
    const initial = this.options.initialBackoffMs ?? 500;
    const ceiling = Math.min(this.options.maxBackoffMs ?? 30_000, initial * 2 ** this.#attempt);
    this.#attempt = Math.min(this.#attempt + 1, 30);
    const delay = Math.floor((this.options.random ?? Math.random)() * ceiling);
    this.#reconnectTimer = setTimeout(() => this.#connect(), delay);
    this.#reconnectTimer.unref();
  }

  #unauthorized(reason: string): void {
    if (this.#state === 'unauthorized' || this.#state === 'stopped') return;
    this.options.log.warn({ reason }, 'relay session no longer valid');
    this.#setState('unauthorized');
    clearTimeout(this.#reconnectTimer);
    this.#socket?.terminate();
  }

  #remember(id: string): void {
    this.#seenCommands.add(id);
    if (this.#seenCommands.size > 1000) {
      const oldest = this.#seenCommands.values().next().value;
      if (oldest !== undefined) this.#seenCommands.delete(oldest);
    }
  }

  #failPending(error: Error): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.#pending.delete(id);
    }
  }

  #setState(state: HubLinkState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#events.emit('state', state);
  }
}
