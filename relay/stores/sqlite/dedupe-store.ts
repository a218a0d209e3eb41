import type { SqlDatabase } from './cached-statements';
import type { DedupeStore } from '../stores';

export class SqliteDedupeStore implements DedupeStore {
  constructor(private readonly db: SqlDatabase) {}

  firstSeen(key: string, expiresAt: number): Promise<boolean> {
    const now = Date.now();
    // An expired row of the same key counts as unseen: replace it in the same statement.
    const { changes } = this.db
      .prepare(
        `INSERT INTO dedupe (key, expires_at) VALUES (?, ?)
         ON CONFLICT(key) DO UPDATE SET expires_at = excluded.expires_at WHERE dedupe.expires_at <= ?`,
      )
      .run(key, expiresAt, now);
    return Promise.resolve(changes > 0);
  }

  prune(now: number): Promise<number> {
    return Promise.resolve(this.db.prepare('DELETE FROM dedupe WHERE expires_at <= ?').run(now).changes);
  }
}
