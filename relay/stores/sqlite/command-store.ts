import type { SqlDatabase } from './cached-statements';
import { commandInsertValues, toCommand, type CommandRow } from '../rows';
import type { CommandState, CommandStore, FinishStatus, PendingCommand } from '../stores';

export class SqliteCommandStore implements CommandStore {
  constructor(private readonly db: SqlDatabase) {}

  add(command: PendingCommand): Promise<boolean> {
    const { changes } = this.db
      .prepare(
        `INSERT INTO commands (id, member_id, user_id, command_json, created_at, expires_at, state, reason,
         status_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      )
      .run(...commandInsertValues(command));
    return Promise.resolve(changes > 0);
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

  accept(
    id: string,
    owner: { memberId: string; userId: number },
    by: string,
    now: number,
  ): Promise<{ won: boolean; command: PendingCommand | null }> {
    const decide = this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM commands WHERE id = ?').get(id) as CommandRow | undefined;
      const command = row ? toCommand(row) : null;
      const open =
        command?.memberId === owner.memberId &&
        command.userId === owner.userId &&
        command.state === 'pending' &&
        command.expiresAt > now;
      if (open)
        this.db
          .prepare(`UPDATE commands SET state = 'accepted', settled_by = ?, settled_at = ? WHERE id = ?`)
          .run(by, Date.now(), id);
      return { won: open, command };
    });
    return Promise.resolve(decide());
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

  leaseFinish(id: string, holder: string, now: number, until: number): Promise<boolean> {
    const { changes } = this.db
      .prepare(
        `UPDATE commands SET finish_lease = ?, finish_lease_until = ?
         WHERE id = ? AND state = 'expiring'
           AND (finish_lease IS NULL OR finish_lease = ? OR finish_lease_until <= ?)`,
      )
      .run(holder, until, id, holder, now);
    return Promise.resolve(changes > 0);
  }

  prune(settledBefore: number): Promise<number> {
    return Promise.resolve(
      this.db
        .prepare(`DELETE FROM commands WHERE state NOT IN ('pending', 'expiring') AND settled_at < ?`)
        .run(settledBefore).changes,
    );
  }
}
