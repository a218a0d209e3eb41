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
