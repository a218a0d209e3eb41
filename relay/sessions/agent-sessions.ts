import type { Logger } from 'pino';
import type { AgentIdentity } from '../../common/relay/relay-api';
import type { AgentSession, SessionStore, UserGrant } from '../stores/stores';
import { hashSecret, randomId, randomSecret } from './secrets';

export type SessionEndedListener = (sessionIds: string[], reason: string) => void;

/**
 * Agent sessions: created at the end of a sign-in, found by the hash of the bearer token, ended by
 * sign-out, admin revocation, uninstall, a lost grant or age. Ending one tells every listener at
 * once (the hub closes that session's connections in the same tick).
 */
export class AgentSessions {
  readonly #listeners = new Set<SessionEndedListener>();

  constructor(
    private readonly store: SessionStore,
    private readonly ttlMs: number,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates a session for the grant; returns the bearer token, which exists nowhere else afterwards. */
  async create(grant: UserGrant): Promise<{ token: string; session: AgentSession }> {
    const token = randomSecret();
    const createdAt = this.now();
    const session: AgentSession = {
      id: randomId('ses'),
      tokenHash: hashSecret(token),
      createdAt,
      expiresAt: createdAt + this.ttlMs,
      grant,
    };
    await this.store.create(session);
    this.log.info(
      { sessionId: session.id, memberId: grant.memberId, userId: grant.userId },
      'agent signed in',
    );
    return { token, session };
  }

  /** The live session for a bearer token; an expired one is removed and refused. */
  async authenticate(token: string | null): Promise<AgentSession | null> {
    if (!token) return null;
    const session = await this.store.findByTokenHash(hashSecret(token));
    if (!session) return null;
    if (session.expiresAt <= this.now()) {
      await this.end([session.id], 'session expired');
      return null;
    }
    return session;
  }

  /** The session's grant refreshed by `refresh`, one refresh at a time across relays (SessionStore.refreshGrant). */
  refreshGrant(
    session: AgentSession,
    refresh: (current: UserGrant) => Promise<UserGrant>,
  ): Promise<UserGrant | null> {
    return this.store.refreshGrant(session.id, refresh);
  }

  async end(sessionIds: string[], reason: string): Promise<void> {
    for (const id of sessionIds) await this.store.remove(id);
    if (sessionIds.length === 0) return;
    this.log.info({ sessionIds, reason }, 'agent sessions ended');
    for (const listener of this.#listeners) listener(sessionIds, reason);
  }

  async endFor(memberId: string, userId: number | undefined, reason: string): Promise<string[]> {
    const ids = await this.store.removeFor(memberId, userId);
    if (ids.length > 0) {
      this.log.info({ memberId, userId, sessionIds: ids, reason }, 'agent sessions ended');
      for (const listener of this.#listeners) listener(ids, reason);
    }
    return ids;
  }

  async endExpired(): Promise<void> {
    const ids = await this.store.removeExpired(this.now());
    if (ids.length > 0) for (const listener of this.#listeners) listener(ids, 'session expired');
  }

  list(memberId?: string): Promise<AgentSession[]> {
    return this.store.list(memberId);
  }

  onEnded(listener: SessionEndedListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export function identityOf(session: AgentSession): AgentIdentity {
  return {
    memberId: session.grant.memberId,
    userId: session.grant.userId,
    portal: session.grant.domain,
    sessionExpiresAt: session.expiresAt,
  };
}
