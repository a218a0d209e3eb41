import { hostname } from 'node:os';
import type { RelayLinkStatus } from '../../../common/host-api/host-status';
import type { HubCommand, HubNotice, Presence } from '../../../common/relay/hub-protocol';
import type { AgentAccessToken } from '../../../common/relay/relay-api';
import { BitrixCallError } from '../bitrix/bitrix-call-error';
import { bitrixTokensSchema, type BitrixTokens } from '../bitrix/bitrix-tokens';
import type { Logger } from '../log/logger';
import { RelayApiClient, RelayRequestError } from './relay-api-client';
import { RelayHubLink, type HubLinkState } from './relay-hub-link';
import type { SecretStore } from '../secrets/secret-store';
import { relaySessionStore, type RelaySession, type RelaySessionStore } from './relay-session-store';
import { Emitter, type Listenable } from '../../../common/events/emitter';

export interface RelayLinkEvents {
  /** Status changed (for the status bar). */
  change: [];
  /** New Bitrix24 access tokens from the relay (sign-in, refresh), or null after sign-out. */
  tokens: [tokens: BitrixTokens | null];
  command: [command: HubCommand];
  notice: [notice: HubNotice];
  /** The hub connected (welcomed), first or again: notices sent while it was down never came. */
  connected: [];
}

export interface RelayLinkOptions {
  profileDir: string;
  /** Keeps the relay session (a bearer secret valid for weeks). */
  secrets: SecretStore;
  log: Logger;
  /** Opens the portal's sign-in page in the agent's system browser (Electron: shell.openExternal). */
  openExternal?: (url: string) => void | Promise<void>;
  pollIntervalMs?: number;
  fetch?: typeof fetch;
  /** Hub reconnect backoff and request time-out (tests shorten them). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  requestTimeoutMs?: number;
}

/** One sign-in attempt; a poll answered after its attempt ended (done, failed, replaced) is ignored. */
interface SigningIn {
  relayUrl: string;
  authorizeUrl: string;
  userCode: string;
  /** The next poll's timer; a poll is scheduled only once the previous one was answered. */
  timer: NodeJS.Timeout | null;
}

/**
 * The app's link to the relay: "Sign in with Bitrix24" (the relay's pairing flow, completed in the
 * system browser), the session kept in the profile, the hub connection, and the token broker the
 * Bitrix24 client refreshes through (`refresh`, plugged in as BitrixClientOptions.refresh). The app
 * never sees the client secret or a refresh token.
 */
export class RelayLink {
  readonly #store: RelaySessionStore;
  readonly #events = new Emitter<RelayLinkEvents>();
  readonly events: Listenable<Pick<RelayLinkEvents, 'change' | 'tokens'>> = this.#events;
  #session: RelaySession | null;
  #hub: RelayHubLink | null = null;
  #signingIn: SigningIn | null = null;
  #lost: { relayUrl: string; message: string } | null = null;
  #lastAccessToken: string | null = null;
  #presence: Presence | null = null;

  constructor(private readonly options: RelayLinkOptions) {
    this.#store = relaySessionStore(options.profileDir, options.secrets, options.log);
    this.#session = this.#store.load();
  }

  /**
   * Connects the hub of a session kept from an earlier run. Separate from the constructor: the
   * link reports its state at once, and its owner must be ready to hear it.
   */
  start(): void {
    if (this.#session && !this.#hub) this.#startHub(this.#session);
  }

  status(): RelayLinkStatus {
    if (this.#signingIn) {
      const { relayUrl, authorizeUrl, userCode } = this.#signingIn;
      return { state: 'signing-in', relayUrl, authorizeUrl, userCode };
    }
    if (this.#lost) return { state: 'sign-in-required', ...this.#lost };
    const session = this.#session;
    if (!session) return { state: 'not-configured' };
    const hubState = this.#hub?.state ?? 'idle';
    const state = hubState === 'connected' ? 'connected' : hubState === 'waiting' ? 'offline' : 'connecting';
    return {
      state,
      relayUrl: session.relayUrl,
      portal: session.portal,
      userId: session.userId,
      ...(session.country ? { country: session.country } : {}),
    };
  }

  /** The country of the portal's numbers (the relay's configuration for it); undefined signed out
   * or before a relay that tells it was ever reached. */
  country(): string | undefined {
    return this.#session?.country;
  }

  /** The agent's default line from the relay's lines; undefined signed out or before a relay that
   * tells it was ever reached. */
  line(): string | undefined {
    return this.#session?.line;
  }

  /**
   * Starts "Sign in with Bitrix24": opens the relay's confirmation page (showing the same code as
   * the app, then leading to the portal's sign-in) in the browser and waits
   * (polling the relay) until the agent finished there; returns the page's address too, for a host
   * that cannot open a browser itself.
   */
  async signIn(
    relayUrl: string,
    portal?: string,
  ): Promise<{ authorizeUrl: string; userCode: string; opened: boolean }> {
    this.#cancelSignIn();
    const api = new RelayApiClient(relayUrl, this.#apiOptions());
    const started = await api.startSignIn(portal, hostname().slice(0, 100));
    const attempt: SigningIn = {
      relayUrl,
      authorizeUrl: started.authorizeUrl,
      userCode: started.userCode,
      timer: null,
    };
    // Polls never overlap: the relay hands the pairing out once and answers 404 after, so a poll
    // still in flight when another completed the sign-in would come back "expired".
    const schedule = (): void => {
      attempt.timer = setTimeout(() => {
        void this.#poll(api, started.pairingId, started.pollToken, attempt).then(() => {
          if (this.#signingIn === attempt) schedule();
        });
      }, this.options.pollIntervalMs ?? 1000);
      attempt.timer.unref();
    };
    this.#signingIn = attempt;
    schedule();
    this.#events.emit('change');
    let opened = false;
    if (this.options.openExternal) {
      try {
        await this.options.openExternal(started.authorizeUrl);
        opened = true;
      } catch (error) {
        this.options.log.warn({ err: error }, 'could not open the browser for sign-in');
      }
    }
    return { authorizeUrl: started.authorizeUrl, userCode: started.userCode, opened };
  }

  async signOut(): Promise<void> {
    this.#cancelSignIn();
    const session = this.#session;
    this.#forget(null);
    if (!session) return;
    try {
      await new RelayApiClient(session.relayUrl, this.#apiOptions()).signOut(session.session);
    } catch (error) {
      // Signed out here either way; the relay's session then expires on its own.
      this.options.log.warn({ err: error }, 'relay did not confirm the sign-out');
    }
  }

  /** The token broker: BitrixClientOptions.refresh. Called when Bitrix24 said the token expired. */
  readonly refresh = async (): Promise<BitrixTokens> => {
    const session = this.#session;
    if (!session) {
      throw new BitrixCallError('sign-in-required', 'expired_token', 'Not signed in to the relay', 401);
    }
    try {
      const token = await new RelayApiClient(session.relayUrl, this.#apiOptions()).token(
        session.session,
        this.#lastAccessToken ?? undefined,
      );
      return this.#tokens(token);
    } catch (error) {
      if (error instanceof RelayRequestError && error.signInRequired) {
        this.#forget({ relayUrl: session.relayUrl, message: error.message });
        throw new BitrixCallError('sign-in-required', 'expired_token', error.message, 401);
      }
      throw new BitrixCallError('network', '', error instanceof Error ? error.message : String(error), 0);
    }
  };

  hub(): RelayHubLink | null {
    return this.#hub;
  }

  setPresence(presence: Presence): void {
    this.#presence = presence;
    this.#hub?.setPresence(presence);
  }

  onCommand(listener: (command: HubCommand) => void): () => void {
    return this.#events.on('command', listener);
  }

  onNotice(listener: (notice: HubNotice) => void): () => void {
    return this.#events.on('notice', listener);
  }

  onConnected(listener: () => void): () => void {
    return this.#events.on('connected', listener);
  }

  close(): void {
    this.#cancelSignIn();
    this.#hub?.stop();
    this.#hub = null;
  }

  async #poll(api: RelayApiClient, pairingId: string, pollToken: string, attempt: SigningIn): Promise<void> {
    let result;
    try {
      result = await api.pollSignIn(pairingId, pollToken);
    } catch (error) {
      if (this.#signingIn !== attempt) return;
      if (error instanceof RelayRequestError && error.status === 404) {
        this.#failSignIn(api.relayUrl, 'The sign-in expired: start it again');
      } else this.options.log.debug({ err: error }, 'sign-in poll failed; trying again');
      return;
    }
    if (result.state === 'pending' || this.#signingIn !== attempt) return;
    if (result.state === 'failed') {
      this.#failSignIn(api.relayUrl, result.message);
      return;
    }
    this.#cancelSignIn();
    const session: RelaySession = {
      relayUrl: api.relayUrl,
      session: result.session,
      sessionExpiresAt: result.sessionExpiresAt,
      memberId: result.memberId,
      userId: result.userId,
      portal: result.portal,
    };
    this.#store.save(session);
    this.#session = session;
    this.#lost = null;
    this.#events.emit('tokens', this.#tokens(result.token));
    this.#startHub(session);
    this.options.log.info({ userId: session.userId, portal: session.portal }, 'signed in through the relay');
    this.#events.emit('change');
  }

  #tokens(token: AgentAccessToken): BitrixTokens {
    this.#lastAccessToken = token.access_token;
    return bitrixTokensSchema.parse({ ...token, refresh_token: '' });
  }

  #startHub(session: RelaySession): void {
    this.#hub?.stop();
    const hub = new RelayHubLink({
      relayUrl: session.relayUrl,
      session: session.session,
      log: this.options.log,
      ...(this.options.initialBackoffMs !== undefined
        ? { initialBackoffMs: this.options.initialBackoffMs }
        : {}),
      ...(this.options.maxBackoffMs !== undefined ? { maxBackoffMs: this.options.maxBackoffMs } : {}),
      ...(this.options.requestTimeoutMs !== undefined
        ? { requestTimeoutMs: this.options.requestTimeoutMs }
        : {}),
    });
    hub.onState((state: HubLinkState) => {
      if (state === 'unauthorized')
        this.#forget({ relayUrl: session.relayUrl, message: 'The relay ended this sign-in: sign in again' });
      if (state === 'connected') this.#keepWelcome(hub.country, hub.line);
      this.#events.emit('change');
      if (state === 'connected') this.#events.emit('connected');
    });
    hub.onCommand((command) => this.#events.emit('command', command));
    hub.onNotice((notice) => this.#events.emit('notice', notice));
    if (this.#presence) hub.setPresence(this.#presence);
    this.#hub = hub;
    hub.start();
  }

  /** The welcome's country and line join the session (and its file) when they are news. */
  #keepWelcome(country: string | undefined, line: string | undefined): void {
    const session = this.#session;
    if (!session) return;
    const news = {
      ...(country !== undefined && session.country !== country ? { country } : {}),
      ...(line !== undefined && session.line !== line ? { line } : {}),
    };
    if (Object.keys(news).length === 0) return;
    this.#session = { ...session, ...news };
    this.#store.save(this.#session);
    this.options.log.info(news, 'the portal’s country of numbers and the agent’s line');
  }

  /** Drops the session (signed out, or refused by the relay: `lost` says why). */
  #forget(lost: { relayUrl: string; message: string } | null): void {
    const hub = this.#hub;
    this.#hub = null;
    hub?.stop();
    this.#session = null;
    this.#lastAccessToken = null;
    this.#lost = lost;
    this.#store.clear();
    this.#events.emit('tokens', null);
    this.#events.emit('change');
  }

  #failSignIn(relayUrl: string, message: string): void {
    this.#cancelSignIn();
    this.#lost = { relayUrl, message };
    this.#events.emit('change');
  }

  #cancelSignIn(): void {
    if (!this.#signingIn) return;
    if (this.#signingIn.timer) clearTimeout(this.#signingIn.timer);
    this.#signingIn = null;
  }

  #apiOptions(): { fetch?: typeof fetch } {
    return this.options.fetch ? { fetch: this.options.fetch } : {};
  }
}
