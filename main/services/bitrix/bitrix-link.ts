import type { BitrixLink as BitrixLinkState } from '../../../common/host-api/host-status';
import { BitrixClient } from './bitrix-client';
import type { BitrixCallError } from './bitrix-call-error';
import type { BitrixTokens, BitrixTokenStore } from './bitrix-tokens';
import type { RateBudget } from './rate-budget';
import { Emitter, type Listenable } from '../../../common/events/emitter';

export interface BitrixLinkEvents {
  /** The link's state changed (for the status bar). */
  change: [state: BitrixLinkState];
}

export interface BitrixLinkOptions {
  tokens: BitrixTokenStore;
  /** The app's one rate budget for the portal, shared by every client this link builds. */
  budget: RateBudget;
  /** Fresh tokens when the access token expired (the relay in production; test code in tests).
   * Must throw a BitrixCallError of kind `sign-in-required` when the grant is gone (invalid_grant). */
  refresh?: () => Promise<BitrixTokens>;
  timeoutMs?: number;
}

/**
 * The agent's connection to Bitrix24: the client built from the stored tokens (rebuilt when new
 * ones arrive), and the state the status bar shows, updated from the outcome of every request.
 */
export class BitrixLink {
  readonly #options: BitrixLinkOptions;
  readonly #events = new Emitter<BitrixLinkEvents>();
  readonly events: Listenable<BitrixLinkEvents> = this.#events;
  #client: BitrixClient | null;
  #state: BitrixLinkState;

  constructor(options: BitrixLinkOptions) {
    this.#options = options;
    const stored = options.tokens.load();
    this.#client = stored ? this.#build(stored) : null;
    this.#state = this.#client ? this.#connected(this.#client) : { state: 'not-configured' };
  }

  client(): BitrixClient | null {
    return this.#client;
  }

  state(): BitrixLinkState {
    return this.#state;
  }

  /**
   * New tokens (a new sign-in, or the relay's refresh): stored, and used from the next request on.
   * Null after signing out of the relay: the tokens are forgotten and Bitrix24 is not configured.
   */
  useTokens(tokens: BitrixTokens | null): void {
    if (!tokens) {
      this.#options.tokens.clear();
      this.#client = null;
      this.#set({ state: 'not-configured' });
      return;
    }
    this.#options.tokens.save(tokens);
    this.#client = this.#build(tokens);
    this.#set(this.#connected(this.#client));
  }

  /** Records how the last request to the portal went. */
  delivered(outcome: { ok: true } | { ok: false; error: BitrixCallError }, at = Date.now()): void {
    if (!this.#client) return;
    const portal = this.#client.portal;
    if (outcome.ok) this.#set(this.#connected(this.#client));
    else if (outcome.error.kind === 'sign-in-required') {
      this.#set({ state: 'sign-in-required', portal, message: outcome.error.description });
    } else this.#set({ state: 'error', portal, message: outcome.error.message, at });
  }

  #build(tokens: BitrixTokens): BitrixClient {
    const { refresh, timeoutMs, budget } = this.#options;
    return new BitrixClient(tokens, {
      onTokens: (next) => this.#options.tokens.save(next),
      budget,
      ...(refresh ? { refresh } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
    });
  }

  #connected(client: BitrixClient): BitrixLinkState {
    return { state: 'connected', portal: client.portal, userId: client.userId };
  }

  #set(next: BitrixLinkState): void {
    const changed = JSON.stringify(next) !== JSON.stringify(this.#state);
    this.#state = next;
    if (changed) this.#events.emit('change', next);
  }
}
