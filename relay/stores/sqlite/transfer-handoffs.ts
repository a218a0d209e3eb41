import type { SqlDatabase } from './cached-statements';
import { handoffOf, handoffValues, type HandoffRow } from '../handoff-rows';
import type { HandoffState, TransferHandoff, TransferHandoffs } from '../stores';

export class SqliteTransferHandoffs implements TransferHandoffs {
  constructor(private readonly db: SqlDatabase) {}

  handOff(handoff: TransferHandoff): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO transfer_handoffs VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (member_id, call_id) DO UPDATE SET target_user_id = excluded.target_user_id,
           caller = excluded.caller, state = excluded.state, created_at = excluded.created_at,
           handoff_json = excluded.handoff_json`,
      )
      .run(...handoffValues({ ...handoff, state: 'open' }));
    return Promise.resolve();
  }

  adopt(
    memberId: string,
    targetUserId: number,
    caller: string,
    since: number,
  ): Promise<TransferHandoff | null> {
    // One statement: SQLite runs it alone, so two adopters cannot both see the row open.
    const row = this.db
      .prepare(
        `UPDATE transfer_handoffs SET state = 'adopted'
         WHERE rowid = (SELECT rowid FROM transfer_handoffs
                        WHERE member_id = ? AND target_user_id = ? AND caller = ? AND state = 'open'
                          AND created_at >= ?
                        ORDER BY created_at DESC LIMIT 1)
         RETURNING state, handoff_json`,
      )
      .get(memberId, targetUserId, caller, since) as HandoffRow | undefined;
    return Promise.resolve(row ? handoffOf(row) : null);
  }

  transition(
    memberId: string,
    callId: string,
    from: HandoffState,
    to: HandoffState,
    targetUserId?: number,
  ): Promise<TransferHandoff | null> {
    const row = this.db
      .prepare(
        `UPDATE transfer_handoffs SET state = ?
         WHERE member_id = ? AND call_id = ? AND state = ? AND (? IS NULL OR target_user_id = ?)
         RETURNING state, handoff_json`,
      )
      .get(to, memberId, callId, from, targetUserId ?? null, targetUserId ?? null) as HandoffRow | undefined;
    return Promise.resolve(row ? handoffOf(row) : null);
  }

  due(openBefore: number): Promise<TransferHandoff[]> {
    const rows = this.db
      .prepare(
        `SELECT state, handoff_json FROM transfer_handoffs
         WHERE state = 'finishing' OR (state = 'open' AND created_at < ?) ORDER BY created_at`,
      )
      .all(openBefore) as HandoffRow[];
    return Promise.resolve(rows.map(handoffOf));
  }

  prune(createdBefore: number): Promise<number> {
    return Promise.resolve(
      this.db.prepare('DELETE FROM transfer_handoffs WHERE created_at < ?').run(createdBefore).changes,
    );
  }
}
