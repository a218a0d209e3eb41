import type { PgSql } from './pg-sql';
import type { CallbackChange } from '../callback-changes';
import { ChangedCallbackQueue } from '../changed-callback-queue';
import type { CallbackEntry } from '../stores';

/** The callback queue as rows of JSON; each state change reads the row FOR UPDATE and writes it back. */
export class PgCallbackQueue extends ChangedCallbackQueue {
  constructor(private readonly sql: PgSql) {
    super();
  }

  async enqueue(entry: CallbackEntry): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      'INSERT INTO callbacks VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING',
      [entry.id, entry.memberId, entry.requestedAt, entry.state, JSON.stringify(entry)],
    );
    return rowCount > 0;
  }

  async get(id: string): Promise<CallbackEntry | null> {
    const { rows } = await this.sql.query<{ entry_json: string }>(
      'SELECT entry_json FROM callbacks WHERE id = $1',
      [id],
    );
    return rows[0] ? (JSON.parse(rows[0].entry_json) as CallbackEntry) : null;
  }

  async list(memberId: string): Promise<CallbackEntry[]> {
    const { rows } = await this.sql.query<{ entry_json: string }>(
      'SELECT entry_json FROM callbacks WHERE member_id = $1 ORDER BY requested_at, id',
      [memberId],
    );
    return rows.map((row) => JSON.parse(row.entry_json) as CallbackEntry);
  }

  async portalsWaiting(): Promise<string[]> {
    const { rows } = await this.sql.query<{ member_id: string }>(
      `SELECT DISTINCT member_id FROM callbacks WHERE state = 'waiting'`,
    );
    return rows.map((row) => row.member_id);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.sql.query('DELETE FROM callbacks WHERE id = $1', [id])).rowCount > 0;
  }

  async expire(before: number): Promise<CallbackEntry[]> {
    const { rows } = await this.sql.query<{ entry_json: string }>(
      `DELETE FROM callbacks WHERE state = 'waiting' AND requested_at < $1 RETURNING entry_json`,
      [before],
    );
    return rows.map((row) => JSON.parse(row.entry_json) as CallbackEntry);
  }

  protected change(id: string, next: CallbackChange): Promise<boolean> {
    return this.sql.transaction(async (sql) => {
      const { rows } = await sql.query<{ entry_json: string }>(
        'SELECT entry_json FROM callbacks WHERE id = $1 FOR UPDATE',
        [id],
      );
      const changed = rows[0] && next(JSON.parse(rows[0].entry_json) as CallbackEntry);
      if (!changed) return false;
      await sql.query('UPDATE callbacks SET state = $1, entry_json = $2 WHERE id = $3', [
        changed.state,
        JSON.stringify(changed),
        id,
      ]);
      return true;
    });
  }
}
