import type { SqlDatabase } from './cached-statements';
import type { HubCommand } from '../../../common/relay/hub-protocol';
import type { CommandState, CommandStore, FinishStatus, PendingCommand } from '../stores';

interface CommandRow {
  id: string;
  member_id: string;
  user_id: number;
  command_json: string;
  created_at: number;
  expires_at: number;
  state: CommandState;
  settled_by: string | null;
  reason: string | null;
  status_code: FinishStatus | null;
}

const toCommand = (row: CommandRow): PendingCommand => ({
  id: row.id,
  memberId: row.member_id,
  userId: row.user_id,
  command: JSON.parse(row.command_json) as HubCommand,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  state: row.state,
  ...(row.settled_by ? { settledBy: row.settled_by } : {}),
  ...(row.reason ? { reason: row.reason } : {}),
  ...(row.status_code ? { statusCode: row.status_code } : {}),
});

export class SqliteCommandStore implements CommandStore {
  constructor(private readonly db: SqlDatabase) {}

  add(command: PendingCommand): Promise<void> {
    this.db
      .prepare('INSERT INTO commands VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)')
      .run(
        command.id,
        command.memberId,
        command.userId,
        JSON.stringify(command.command),
        command.createdAt,
        command.expiresAt,
        command.state,
        command.reason ?? null,
        command.statusCode ?? null,
      );
    return Promise.resolve();
  }

  get(id: string): Promise<PendingCommand | null> {
    const row = this.db.prepare('SELECT * FROM commands WHERE id = ?').get(id) as CommandRow | undefined;
    return Promise.resolve(row ? toCommand(row) : null);
  }

  pendingFor(memberId: string, userId: number, now: number): Promise<PendingCommand[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM commands WHERE member_id = ? AND user_id = ? AND state = 'pending' AND expires_at > ?
         ORDER BY created_at`,
      )
      .all(memberId, userId, now) as CommandRow[];
    return Promise.resolve(rows.map(toCommand));
  }

  transition(id: string, from: CommandState, to: CommandState, by?: string): Promise<boolean> {
    const { changes } = this.db
      .prepare(
        `UPDATE commands SET state = ?, settled_by = COALESCE(?, settled_by), settled_at = ?
         WHERE id = ? AND state = ?`,
      )
      .run(to, by ?? null, Date.now(), id, from);
    return Promise.resolve(changes > 0);
  }

  refuse(id: string, reason: string, statusCode: FinishStatus, by: string): Promise<boolean> {
    const { changes } = this.db
      .prepare(
        `UPDATE commands SET state = 'expiring', reason = ?, status_code = ?, settled_by = ?, settled_at = ?
         WHERE id = ? AND state = 'pending'`,
      )
      .run(reason, statusCode, by, Date.now(), id);
    return Promise.resolve(changes > 0);
  }

  due(now: number, limit: number): Promise<PendingCommand[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM commands WHERE (state = 'pending' AND expires_at <= ?) OR state = 'expiring'
         ORDER BY expires_at LIMIT ?`,
      )
      .all(now, limit) as CommandRow[];
    return Promise.resolve(rows.map(toCommand));
  }

  prune(settledBefore: number): Promise<number> {
    return Promise.resolve(
      this.db
        .prepare(`DELETE FROM commands WHERE state NOT IN ('pending', 'expiring') AND settled_at < ?`)
        .run(settledBefore).changes,
    );
  }
}
