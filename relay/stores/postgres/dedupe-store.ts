import type { PgSql } from './pg-sql';
import type { DedupeStore } from '../stores';

export class PgDedupeStore implements DedupeStore {
  constructor(private readonly sql: PgSql) {}

  async firstSeen(key: string, expiresAt: number): Promise<boolean> {
    // An expired row of the same key counts as unseen: replace it in the same statement.
    const { rowCount } = await this.sql.query(
      `INSERT INTO dedupe (key, expires_at) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE dedupe.expires_at <= $3`,
      [key, expiresAt, Date.now()],
    );
    return rowCount > 0;
  }

  async prune(now: number): Promise<number> {
    return (await this.sql.query('DELETE FROM dedupe WHERE expires_at <= $1', [now])).rowCount;
  }
}
