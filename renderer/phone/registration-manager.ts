import { UserAgentState, type UserAgent } from 'sip.js';
import { KeepAlive } from './keep-alive';
import { refreshDelayMs } from './refresh-schedule';
import { RegistrationClient } from './registration-client';
import {
  nextRegistration,
  type RegistrationEvent,
  type RegistrationFailure,
  type RegistrationState,
} from './registration-state';
import { WakeDetector } from './wake-detector';

export interface RegistrationOptions {
  server: string;
  aor: string;
  expiresSeconds: number;
  keepAliveSeconds: number;
}

export interface RegistrationListener {
  onState(state: RegistrationState): void;
  /** The connection to the PBX is back (after a loss): calls in progress restore their media. */
  onReconnected(): void;
  /** The connection to the PBX is gone: calls in progress lost their signalling for now. */
  onConnectionLost(): void;
}

/** How long a REGISTER may go unanswered before we give up on it (sip.js would wait 32 s). */
const registerTimeoutMs = 8_000;

/**
 * Keeps the phone registered, whatever happens to the connection: the state machine of
 * registration-state.ts driven by the WebSocket's fate, our own REGISTER client and timers.
 *
 * - connection lost (PBX restarted, network gone, keep-alive unanswered): reconnect with backoff and
 *   jitter, then REGISTER again with the same Call-ID (sip.js #1095: it never re-registers itself);
 * - a REGISTER unanswered for 8 s: given up, the connection dropped and made again (sip.js #1071);
 * - refresh when 10 % or 30 s of the granted expiry is left, not at 99 %;
 * - woke from sleep, network back, "Retry now": check at once, backoff reset.
 *
 * Every asynchronous answer carries the attempt it belongs to; answers of an abandoned attempt are
 * ignored, so no late event can move the state backwards.
 */
export class RegistrationManager {
  #state: RegistrationState = { kind: 'unconfigured' };
  readonly #client: RegistrationClient;
  readonly #keepAlive: KeepAlive;
  readonly #wake: WakeDetector;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #started = false;
  #stopped = false;
  #lostWhileConnected = false;
  readonly #onOnline = () => this.checkNow();

  constructor(
    private readonly userAgent: UserAgent,
    private readonly options: RegistrationOptions,
    private readonly listener: RegistrationListener,
  ) {
    this.#client = new RegistrationClient(userAgent);
    this.#keepAlive = new KeepAlive(userAgent, () => this.#connectionDead());
    this.#wake = new WakeDetector(() => this.checkNow());
  }

  get state(): RegistrationState {
    return this.#state;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#dispatch({ type: 'start', server: this.options.server });
    this.#wake.start();
    globalThis.addEventListener?.('online', this.#onOnline);
    void this.#connect();
  }

  /** The transport closed by itself (sip.js's onDisconnect with an error). */
  transportLost(): void {
    if (this.#stopped || !this.#started) return;
    this.#markLost();
    this.#fail({ kind: 'connection-lost' });
  }

  /**
   * Check now (woke from sleep, network back, the agent's "Retry now"): a failed registration
   * retries at once; a working one is refreshed, which proves the connection is alive.
   */
  checkNow(): void {
    if (this.#stopped || !this.#started) return;
    if (this.#state.kind === 'failed') {
      this.#clearRetry();
      this.#retry();
    } else if (this.#state.kind === 'registered') {
      this.#clearRefresh();
      void this.#register();
    }
  }

  /** Unregisters (best effort, briefly) and stops every timer. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#begin();
    this.#clearRetry();
    this.#clearRefresh();
    this.#keepAlive.stop();
    this.#wake.stop();
    globalThis.removeEventListener?.('online', this.#onOnline);
    if (this.#state.kind === 'registered' && this.userAgent.isConnected())
      await this.#client.register(0, 2_000);
    this.#dispatch({ type: 'stop' });
  }

  /** A new attempt: answers to every earlier one are ignored from now on. */
  #begin(): number {
    this.#attempt += 1;
    return this.#attempt;
  }

  #current(attempt: number): boolean {
    return attempt === this.#attempt && !this.#stopped;
  }

  async #connect(attempt = this.#begin()): Promise<void> {
    try {
      // start() once (it resolves without connecting when the agent is already started, even if
      // that first connection failed); every later connection is reconnect().
      if (this.userAgent.state === UserAgentState.Started) await this.userAgent.reconnect();
      else await this.userAgent.start();
    } catch {
      if (this.#current(attempt)) this.#fail({ kind: 'unreachable' });
      return;
    }
    if (!this.#current(attempt)) return;
    this.#dispatch({ type: 'transport-up' });
    await this.#register(attempt);
  }

  async #register(attempt = this.#begin()): Promise<void> {
    const outcome = await this.#client.register(this.options.expiresSeconds, registerTimeoutMs);
    if (!this.#current(attempt)) return;
    switch (outcome.kind) {
      case 'registered':
        this.#dispatch({ type: 'registered', aor: this.options.aor, at: Date.now() });
        this.#scheduleRefresh(outcome.expiresSeconds);
        this.#keepAlive.start(this.options.keepAliveSeconds);
        if (this.#lostWhileConnected) {
          this.#lostWhileConnected = false;
          this.listener.onReconnected();
        }
        return;
      case 'rejected':
        this.#fail(refusal(outcome.sipCode, outcome.reasonPhrase));
        return;
      case 'timeout':
        // The connection may be half dead (no close seen): the retry starts with a fresh one.
        if (this.#state.kind === 'registered') this.#markLost();
        this.#fail({ kind: 'timeout' });
        return;
    }
  }

  /** Keep-alive unanswered: the connection is dead even if it was never closed. */
  #connectionDead(): void {
    if (this.#stopped) return;
    this.#markLost();
    this.#fail({ kind: 'connection-lost' });
  }

  #markLost(): void {
    this.#keepAlive.stop();
    this.#clearRefresh();
    if (!this.#lostWhileConnected) {
      this.#lostWhileConnected = true;
      this.listener.onConnectionLost();
    }
  }

  #fail(failure: RegistrationFailure): void {
    this.#begin();
    this.#clearRefresh();
    this.#dispatch({ type: 'failed', failure, at: Date.now() });
    const state = this.#state;
    this.#clearRetry();
    if (state.kind === 'failed' && state.retryAt !== null) {
      this.#retryTimer = setTimeout(() => this.#retry(), Math.max(0, state.retryAt - Date.now()));
    }
  }

  #retry(): void {
    this.#retryTimer = undefined;
    if (this.#stopped || this.#state.kind !== 'failed') return;
    const failure = this.#state.failure;
    this.#dispatch({ type: 'retry' });
    const refusedOnly = failure.kind === 'auth' || failure.kind === 'forbidden' || failure.kind === 'refused';
    if (refusedOnly && this.userAgent.isConnected()) {
      // The connection is fine, the registrar said no: just ask again.
      this.#dispatch({ type: 'transport-up' });
      void this.#register();
      return;
    }
    void this.#reconnect();
  }

  /** Drops whatever connection there is (it may be half dead) and makes a new one. */
  async #reconnect(): Promise<void> {
    const attempt = this.#begin();
    if (this.userAgent.isConnected()) {
      try {
        await this.userAgent.transport.disconnect();
      } catch {
        // Already closing: connecting below waits for it.
      }
    }
    if (this.#current(attempt)) await this.#connect(attempt);
  }

  #scheduleRefresh(expiresSeconds: number): void {
    this.#clearRefresh();
    if (expiresSeconds <= 0) return;
    this.#refreshTimer = setTimeout(() => void this.#register(), refreshDelayMs(expiresSeconds));
  }

  #clearRefresh(): void {
    if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
    this.#refreshTimer = undefined;
  }

  #clearRetry(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #dispatch(event: RegistrationEvent): void {
    const next = nextRegistration(this.#state, event);
    if (next === this.#state) return;
    this.#state = next;
    this.listener.onState(next);
  }
}

function refusal(sipCode: number, reasonPhrase: string): RegistrationFailure {
  if (sipCode === 401 || sipCode === 407) return { kind: 'auth', sipCode, reasonPhrase };
  if (sipCode === 403) return { kind: 'forbidden', sipCode, reasonPhrase };
  // sip.js makes up 408/503 itself when the request could not be sent or was never answered.
  if (sipCode === 408 || sipCode === 503) return { kind: 'timeout' };
  return { kind: 'refused', sipCode, reasonPhrase };
}
