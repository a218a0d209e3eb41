import type { BitrixLink as BitrixLinkState } from '../../../common/host-api/host-status';
import { BitrixClient } from './bitrix-client';
import type { BitrixCallError } from './bitrix-call-error';
import type { BitrixTokens, BitrixTokenStore } from './bitrix-tokens';

/**
 * The agent's connection to Bitrix24: the client built from the stored tokens, and the state the
 * status bar shows, updated from the outcome of every delivered step.
 */
export class BitrixLink {
  #client: BitrixClient | null;
  #state: BitrixLinkState;

  /**
   * `refresh` gets new tokens when Bitrix24 says the access token expired: the relay's token
   * broker once the agent signed in through it; without it, an expired token means signing in again.
   */
  constructor(
    private readonly tokens: BitrixTokenStore,
    private readonly onChange: (state: BitrixLinkState) => void,
    private readonly refresh?: () => Promise<BitrixTokens>,
  ) {
    const stored = tokens.load();
    this.#client = stored ? this.#build(stored) : null;
    this.#state = this.#client ? this.#connected(this.#client) : { state: 'not-configured' };
  }

  /** Tokens from a new sign-in (kept in the profile), or null after signing out. */
  useTokens(next: BitrixTokens | null): void {
    if (next) this.tokens.save(next);
    else this.tokens.clear();
    this.#client = next ? this.#build(next) : null;
    this.#set(this.#client ? this.#connected(this.#client) : { state: 'not-configured' });
  }

  #build(tokens: BitrixTokens): BitrixClient {
    return new BitrixClient(tokens, {
      onTokens: (next) => this.tokens.save(next),
      ...(this.refresh ? { refresh: this.refresh } : {}),
    });
  }

  client(): BitrixClient | null {
    return this.#client;
  }

  state(): BitrixLinkState {
    return this.#state;
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

  #connected(client: BitrixClient): BitrixLinkState {
    return { state: 'connected', portal: client.portal, userId: client.userId };
  }

  #set(next: BitrixLinkState): void {
    const changed = JSON.stringify(next) !== JSON.stringify(this.#state);
    this.#state = next;
    if (changed) this.onChange(next);
  }
}
