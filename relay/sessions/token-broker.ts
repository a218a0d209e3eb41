import type { Logger } from 'pino';
import type { AgentAccessToken } from '../../common/relay/relay-api';
import { accessExpiry, BitrixRestError, type RestClient } from '../bitrix/rest-client';
import type { RequestLimit } from '../hub/request-limit';
import type { AgentSession, UserGrant } from '../stores/stores';
import type { AgentSessions } from './agent-sessions';

export class GrantLostError extends Error {
  override readonly name = 'GrantLostError';
}

/** The app forced more refreshes than `limits.forcedRefreshesPerMinute` allows. */
export class RefreshLimitError extends Error {
  override readonly name = 'RefreshLimitError';
}

/** What the app gets: the access half of the grant only. */
export function accessTokenOf(grant: UserGrant): AgentAccessToken {
  return {
    access_token: grant.accessToken,
    expires: Math.floor(grant.accessExpiresAt / 1000),
    expires_in: Math.max(0, Math.floor((grant.accessExpiresAt - Date.now()) / 1000)),
    client_endpoint: grant.clientEndpoint,
    server_endpoint: grant.serverEndpoint,
    domain: grant.domain,
    member_id: grant.memberId,
    scope: grant.scope,
    status: grant.status,
    user_id: grant.userId,
  };
}

/**
 * Fresh access tokens for a session's user: the stored one while it has time left, otherwise a
 * refresh with the stored refresh token (which rotates). One refresh per session at a time, in
 * this relay (one promise per session) and across relays sharing the store (the store's lock) - two
 * concurrent refreshes would each invalidate the other's refresh token. A grant Bitrix24 no longer
 * honours (invalid_grant) ends the session: the agent must sign in again.
 */
export class TokenBroker {
  readonly #refreshing = new Map<string, Promise<UserGrant>>();

  constructor(
    private readonly deps: {
      sessions: AgentSessions;
      rest: RestClient;
      client: { clientId: string; clientSecret: string };
      refreshMarginMs: number;
      /**
       * Refreshes an app may force by presenting its access token as expired, by session: each
       * one is a call to Bitrix24's OAuth server on the application's behalf.
       */
      forcedRefreshes: RequestLimit;
      log: Logger;
      now?: () => number;
    },
  ) {}

  async accessToken(session: AgentSession, expiredAccessToken?: string): Promise<AgentAccessToken> {
    const now = (this.deps.now ?? Date.now)();
    const grant = session.grant;
    const expiring = grant.accessExpiresAt - this.deps.refreshMarginMs <= now;
    const forced = !expiring && expiredAccessToken === grant.accessToken;
    if (
      forced &&
      !this.#refreshing.has(session.id) &&
      !(await this.deps.forcedRefreshes.take(session.id, now))
    ) {
      throw new RefreshLimitError('Too many forced token refreshes for this session: try again later');
    }
    return accessTokenOf(expiring || forced ? await this.#refresh(session) : grant);
  }

  #refresh(session: AgentSession): Promise<UserGrant> {
    const running = this.#refreshing.get(session.id);
    if (running) return running;
    const next = this.#refreshOnce(session).finally(() => this.#refreshing.delete(session.id));
    this.#refreshing.set(session.id, next);
    return next;
  }

  async #refreshOnce(session: AgentSession): Promise<UserGrant> {
    const seen = session.grant.accessToken;
    let refreshed: UserGrant | null;
    try {
      refreshed = await this.deps.sessions.refreshGrant(session, async (grant) => {
        // The grant as stored now: a request that read the session before another refresh (of this
        // relay or another one) finished must take that refresh's token, not spend the rotated-away
        // refresh token - the OAuth server would refuse it and the agent would be signed out.
        const now = (this.deps.now ?? Date.now)();
        if (grant.accessToken !== seen && grant.accessExpiresAt - this.deps.refreshMarginMs > now)
          return grant;
        const token = await this.deps.rest.token(
          grant.serverEndpoint,
          { grant_type: 'refresh_token', refresh_token: grant.refreshToken },
          this.deps.client,
        );
        return {
          ...grant,
          accessToken: token.access_token,
          refreshToken: token.refresh_token,
          accessExpiresAt: accessExpiry(token),
          clientEndpoint: token.client_endpoint,
          scope: token.scope || grant.scope,
        };
      });
    } catch (error) {
      // Ended only once the refresh let go of the session (in PostgreSQL, its row lock).
      if (error instanceof BitrixRestError && ['invalid_grant', 'invalid_client'].includes(error.code)) {
        await this.deps.sessions.end([session.id], `Bitrix24 refused the grant (${error.code})`);
        throw new GrantLostError('Bitrix24 no longer accepts this sign-in: sign in again');
      }
      this.deps.log.warn({ err: error, sessionId: session.id }, 'token refresh failed');
      throw error;
    }
    if (!refreshed) throw new GrantLostError('The session has ended: sign in again');
    session.grant = refreshed;
    return refreshed;
  }
}
