import type { SqlDatabase } from './cached-statements';
import type { CallbackChange } from '../callback-changes';
import { ChangedCallbackQueue } from '../changed-callback-queue';
import type { CallbackEntry } from '../stores';

/**
 * The callback queue as rows of JSON; each state change is a read-check-write inside one
 * transaction, so two dispatchers (or an accept racing an offer timeout) cannot both win.
 */
export class SqliteCallbackQueue extends ChangedCallbackQueue {
  constructor(private readonly db: SqlDatabase) {
    super();
  }

  enqueue(entry: CallbackEntry): Promise<boolean> {
    const { changes } = this.db
      .prepare('INSERT INTO callbacks VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
      .run(entry.id, entry.memberId, entry.requestedAt, entry.state, JSON.stringify(entry));
    return Promise.resolve(changes > 0);
  }

  get(id: string): Promise<CallbackEntry | null> {
    return Promise.resolve(this.#read(id));
  }

  list(memberId: string): Promise<CallbackEntry[]> {
    const rows = this.db
      .prepare('SELECT entry_json FROM callbacks WHERE member_id = ? ORDER BY requested_at, id')
      .all(memberId) as { entry_json: string }[];
    return Promise.resolve(rows.map((row) => JSON.parse(row.entry_json) as CallbackEntry));
  }

  portalsWaiting(): Promise<string[]> {
    const rows = this.db
      .prepare(`SELECT DISTINCT member_id FROM callbacks WHERE state = 'waiting'`)
      .all() as { member_id: string }[];
    return Promise.resolve(rows.map((row) => row.member_id));
  }

  remove(id: string): Promise<boolean> {
    return Promise.resolve(this.db.prepare('DELETE FROM callbacks WHERE id = ?').run(id).changes > 0);
  }

  expire(before: number): Promise<CallbackEntry[]> {
    const rows = this.db
      .prepare(`DELETE FROM callbacks WHERE state = 'waiting' AND requested_at < ? RETURNING entry_json`)
      .all(before) as { entry_json: string }[];
    return Promise.resolve(rows.map((row) => JSON.parse(row.entry_json) as CallbackEntry));
  }

  #read(id: string): CallbackEntry | null {
    const row = this.db.prepare('SELECT entry_json FROM callbacks WHERE id = ?').get(id) as
      { entry_json: string } | undefined;
    return row ? (JSON.parse(row.entry_json) as CallbackEntry) : null;
  }

  protected change(id: string, next: CallbackChange): Promise<boolean> {
    const apply = this.db.transaction(() => {
      const entry = this.#read(id);
      const changed = entry && next(entry);
      if (!changed) return false;
      this.db
        .prepare('UPDATE callbacks SET state = ?, entry_json = ? WHERE id = ?')
        .run(changed.state, JSON.stringify(changed), id);
      return true;
    });
    return Promise.resolve(apply.immediate());
  }
}
