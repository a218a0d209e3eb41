import type { SqlDatabase } from './cached-statements';
import { toSession, type SessionRow } from '../rows';
import type { AgentSession, SessionStore, UserGrant } from '../stores';
import type { TokenSeal } from '../token-seal';

export class SqliteSessionStore implements SessionStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly seal: TokenSeal,
  ) {}

  create(session: AgentSession): Promise<void> {
    this.db
      .prepare('INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(
        session.id,
        session.tokenHash,
        session.grant.memberId,
        session.grant.userId,
        session.createdAt,
        session.expiresAt,
        this.seal.seal(JSON.stringify(session.grant)),
      );
    return Promise.resolve();
  }

  findByTokenHash(tokenHash: string): Promise<AgentSession | null> {
    const row = this.db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as
      SessionRow | undefined;
    return Promise.resolve(row ? toSession(row, this.seal) : null);
  }

  updateGrant(sessionId: string, grant: UserGrant): Promise<void> {
    this.db
      .prepare('UPDATE sessions SET grant_json = ? WHERE id = ?')
      .run(this.seal.seal(JSON.stringify(grant)), sessionId);
    return Promise.resolve();
  }

  /**
   * One process holds a SQLite database, and the token broker runs one refresh per session at a
   * time (relay/sessions/token-broker.ts): no lock beyond reading the grant afresh.
   */
  async refreshGrant(
    sessionId: string,
    refresh: (current: UserGrant) => Promise<UserGrant>,
  ): Promise<UserGrant | null> {
    const row = this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(sessionId) as
      SessionRow | undefined;
    if (!row) return null;
    const current = toSession(row, this.seal).grant;
    const next = await refresh(current);
    if (next !== current) await this.updateGrant(sessionId, next);
    return next;
  }

  remove(sessionId: string): Promise<boolean> {
    const { changes } = this.db.prepare('DELETE FROM sessions WHERE id = ?').run(sessionId);
    return Promise.resolve(changes > 0);
  }

  removeFor(memberId: string, userId?: number): Promise<string[]> {
    const rows =
      userId === undefined
        ? (this.db.prepare('DELETE FROM sessions WHERE member_id = ? RETURNING id').all(memberId) as {
            id: string;
          }[])
        : (this.db
            .prepare('DELETE FROM sessions WHERE member_id = ? AND user_id = ? RETURNING id')
            .all(memberId, userId) as { id: string }[]);
    return Promise.resolve(rows.map((row) => row.id));
  }

  list(memberId?: string): Promise<AgentSession[]> {
    const rows = (
      memberId === undefined
        ? this.db.prepare('SELECT * FROM sessions ORDER BY created_at').all()
        : this.db.prepare('SELECT * FROM sessions WHERE member_id = ? ORDER BY created_at').all(memberId)
    ) as SessionRow[];
    return Promise.resolve(rows.map((row) => toSession(row, this.seal)));
  }

  removeExpired(now: number): Promise<string[]> {
    const rows = this.db.prepare('DELETE FROM sessions WHERE expires_at <= ? RETURNING id').all(now) as {
      id: string;
    }[];
    return Promise.resolve(rows.map((row) => row.id));
  }
}
