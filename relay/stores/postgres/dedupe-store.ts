import type { PgSql } from './pg-sql';
import type { DedupeKey, DedupeStore } from '../stores';

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

  async firstSeenThen(
    key: string,
    expiresAt: number,
    ifFirst: DedupeKey | null,
    ifRepeat: DedupeKey | null,
  ): Promise<[boolean, boolean]> {
    // `next` reads whether `seen` inserted: data-modifying CTEs run once, in this one statement.
    const { rows } = await this.sql.query<{ first: boolean; next: boolean }>(
      `WITH seen AS (
         INSERT INTO dedupe (key, expires_at) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE dedupe.expires_at <= $7
         RETURNING 1),
       next AS (
         INSERT INTO dedupe (key, expires_at)
         SELECT $3::text, $4::bigint WHERE $3::text IS NOT NULL AND EXISTS (SELECT FROM seen)
         UNION ALL SELECT $5::text, $6::bigint WHERE $5::text IS NOT NULL AND NOT EXISTS (SELECT FROM seen)
         ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE dedupe.expires_at <= $7
         RETURNING 1)
       SELECT EXISTS (SELECT FROM seen) AS first, EXISTS (SELECT FROM next) AS next`,
      [
        key,
        expiresAt,
        ifFirst?.key ?? null,
        ifFirst?.expiresAt ?? null,
        ifRepeat?.key ?? null,
        ifRepeat?.expiresAt ?? null,
        Date.now(),
      ],
    );
    return [rows[0]?.first === true, rows[0]?.next === true];
  }

  async prune(now: number): Promise<number> {
    return (await this.sql.query('DELETE FROM dedupe WHERE expires_at <= $1', [now])).rowCount;
  }
}
