import type { PgSql } from './pg-sql';
import { toSession, type SessionRow } from '../rows';
import type { AgentSession, SessionStore, UserGrant } from '../stores';
import type { TokenSeal } from '../token-seal';

export class PgSessionStore implements SessionStore {
  constructor(
    private readonly sql: PgSql,
    private readonly seal: TokenSeal,
  ) {}

  async create(session: AgentSession): Promise<void> {
    await this.sql.query('INSERT INTO sessions VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      session.id,
      session.tokenHash,
      session.grant.memberId,
      session.grant.userId,
      session.createdAt,
      session.expiresAt,
      this.seal.seal(JSON.stringify(session.grant)),
    ]);
  }

  async findByTokenHash(tokenHash: string): Promise<AgentSession | null> {
    const { rows } = await this.sql.query<SessionRow>('SELECT * FROM sessions WHERE token_hash = $1', [
      tokenHash,
    ]);
    return rows[0] ? toSession(rows[0], this.seal) : null;
  }

  async updateGrant(sessionId: string, grant: UserGrant): Promise<void> {
    await this.sql.query('UPDATE sessions SET grant_json = $1 WHERE id = $2', [
      this.seal.seal(JSON.stringify(grant)),
      sessionId,
    ]);
  }

  /**
   * The session row is held FOR UPDATE for the refresh: another relay's refresh of the same
   * session waits, then reads the grant this one stored. It holds one pooled connection for the
   * duration of the OAuth request.
   */
  async refreshGrant(
    sessionId: string,
    refresh: (current: UserGrant) => Promise<UserGrant>,
  ): Promise<UserGrant | null> {
    return this.sql.transaction(async (sql) => {
      const { rows } = await sql.query<SessionRow>('SELECT * FROM sessions WHERE id = $1 FOR UPDATE', [
        sessionId,
      ]);
      if (!rows[0]) return null;
      const current = toSession(rows[0], this.seal).grant;
      const next = await refresh(current);
      if (next !== current)
        await sql.query('UPDATE sessions SET grant_json = $1 WHERE id = $2', [
          this.seal.seal(JSON.stringify(next)),
          sessionId,
        ]);
      return next;
    });
  }

  async remove(sessionId: string): Promise<boolean> {
    return (await this.sql.query('DELETE FROM sessions WHERE id = $1', [sessionId])).rowCount > 0;
  }

  async removeFor(memberId: string, userId?: number): Promise<string[]> {
    const { rows } = await this.sql.query<{ id: string }>(
      'DELETE FROM sessions WHERE member_id = $1 AND ($2::integer IS NULL OR user_id = $2) RETURNING id',
      [memberId, userId ?? null],
    );
    return rows.map((row) => row.id);
  }

  async list(memberId?: string): Promise<AgentSession[]> {
    const { rows } = await this.sql.query<SessionRow>(
      'SELECT * FROM sessions WHERE $1::text IS NULL OR member_id = $1 ORDER BY created_at',
      [memberId ?? null],
    );
    return rows.map((row) => toSession(row, this.seal));
  }

  async removeExpired(now: number): Promise<string[]> {
    const { rows } = await this.sql.query<{ id: string }>(
      'DELETE FROM sessions WHERE expires_at <= $1 RETURNING id',
      [now],
    );
    return rows.map((row) => row.id);
  }
}
