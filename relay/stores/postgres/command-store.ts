import type { PgSql } from './pg-sql';
import { commandInsertValues, toCommand, type CommandRow } from '../rows';
import type { CommandState, CommandStore, FinishStatus, PendingCommand } from '../stores';

export class PgCommandStore implements CommandStore {
  constructor(private readonly sql: PgSql) {}

  async add(command: PendingCommand): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      `INSERT INTO commands (id, member_id, user_id, command_json, created_at, expires_at, state, reason,
       status_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
      commandInsertValues(command),
    );
    return rowCount > 0;
  }

  async get(id: string): Promise<PendingCommand | null> {
    const { rows } = await this.sql.query<CommandRow>('SELECT * FROM commands WHERE id = $1', [id]);
    return rows[0] ? toCommand(rows[0]) : null;
  }

  async pendingFor(memberId: string, userId: number, now: number): Promise<PendingCommand[]> {
    const { rows } = await this.sql.query<CommandRow>(
      `SELECT * FROM commands WHERE member_id = $1 AND user_id = $2 AND state = 'pending' AND expires_at > $3
       ORDER BY created_at`,
      [memberId, userId, now],
    );
    return rows.map(toCommand);
  }

  async transition(id: string, from: CommandState, to: CommandState, by?: string): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      `UPDATE commands SET state = $1, settled_by = COALESCE($2, settled_by), settled_at = $3
       WHERE id = $4 AND state = $5`,
      [to, by ?? null, Date.now(), id, from],
    );
    return rowCount > 0;
  }

  async accept(
    id: string,
    owner: { memberId: string; userId: number },
    by: string,
    now: number,
  ): Promise<{ won: boolean; command: PendingCommand | null }> {
    // FOR UPDATE waits for a concurrent acceptance and then reads the row as that one left it (not
    // as this statement's snapshot had it), so a caller that lost reads who won in the same statement.
    const { rows } = await this.sql.query<CommandRow & { won: boolean }>(
      `WITH current AS (SELECT * FROM commands WHERE id = $3 FOR UPDATE),
       won AS (
         UPDATE commands SET state = 'accepted', settled_by = $1, settled_at = $2 FROM current
         WHERE commands.id = current.id AND commands.state = 'pending' AND current.member_id = $4
           AND current.user_id = $5 AND current.state = 'pending' AND current.expires_at > $6
         RETURNING 1)
       SELECT current.*, EXISTS (SELECT FROM won) AS won FROM current`,
      [by, Date.now(), id, owner.memberId, owner.userId, now],
    );
    const row = rows[0];
    return { won: row?.won === true, command: row ? toCommand(row) : null };
  }

  async refuse(id: string, reason: string, statusCode: FinishStatus, by: string): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      `UPDATE commands SET state = 'expiring', reason = $1, status_code = $2, settled_by = $3, settled_at = $4
       WHERE id = $5 AND state = 'pending'`,
      [reason, statusCode, by, Date.now(), id],
    );
    return rowCount > 0;
  }

  async due(now: number, limit: number): Promise<PendingCommand[]> {
    const { rows } = await this.sql.query<CommandRow>(
      `SELECT * FROM commands WHERE (state = 'pending' AND expires_at <= $1) OR state = 'expiring'
       ORDER BY expires_at LIMIT $2`,
      [now, limit],
    );
    return rows.map(toCommand);
  }

  async leaseFinish(id: string, holder: string, now: number, until: number): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      `UPDATE commands SET finish_lease = $1, finish_lease_until = $2
       WHERE id = $3 AND state = 'expiring'
         AND (finish_lease IS NULL OR finish_lease = $1 OR finish_lease_until <= $4)`,
      [holder, until, id, now],
    );
    return rowCount > 0;
  }

  async prune(settledBefore: number): Promise<number> {
    return (
      await this.sql.query(
        `DELETE FROM commands WHERE state NOT IN ('pending', 'expiring') AND settled_at < $1`,
        [settledBefore],
      )
    ).rowCount;
  }
}
