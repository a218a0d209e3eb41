import type { SqlDatabase } from './cached-statements';
import type { DedupeKey, DedupeStore } from '../stores';

export class SqliteDedupeStore implements DedupeStore {
  constructor(private readonly db: SqlDatabase) {}

  firstSeen(key: string, expiresAt: number): Promise<boolean> {
    return Promise.resolve(this.#note(key, expiresAt, Date.now()));
  }

  firstSeenThen(
    key: string,
    expiresAt: number,
    ifFirst: DedupeKey | null,
    ifRepeat: DedupeKey | null,
  ): Promise<[boolean, boolean]> {
    const now = Date.now();
    return Promise.resolve(
      this.db.transaction((): [boolean, boolean] => {
        const first = this.#note(key, expiresAt, now);
        const next = first ? ifFirst : ifRepeat;
        return [first, next ? this.#note(next.key, next.expiresAt, now) : false];
      })(),
    );
  }

  #note(key: string, expiresAt: number, now: number): boolean {
    // An expired row of the same key counts as unseen: replace it in the same statement.
    const { changes } = this.db
      .prepare(
        `INSERT INTO dedupe (key, expires_at) VALUES (?, ?)
         ON CONFLICT(key) DO UPDATE SET expires_at = excluded.expires_at WHERE dedupe.expires_at <= ?`,
      )
      .run(key, expiresAt, now);
    return changes > 0;
  }

  prune(now: number): Promise<number> {
    return Promise.resolve(this.db.prepare('DELETE FROM dedupe WHERE expires_at <= ?').run(now).changes);
  }
}
