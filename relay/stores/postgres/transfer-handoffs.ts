import type { PgSql } from './pg-sql';
import { handoffOf, handoffValues, type HandoffRow } from '../handoff-rows';
import type { HandoffState, TransferHandoff, TransferHandoffs } from '../stores';

export class PgTransferHandoffs implements TransferHandoffs {
  constructor(private readonly sql: PgSql) {}

  async handOff(handoff: TransferHandoff): Promise<void> {
    await this.sql.query(
      `INSERT INTO transfer_handoffs VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (member_id, call_id) DO UPDATE SET target_user_id = excluded.target_user_id,
         caller = excluded.caller, state = excluded.state, created_at = excluded.created_at,
         handoff_json = excluded.handoff_json`,
      handoffValues({ ...handoff, state: 'open' }),
    );
  }

  async adopt(
    memberId: string,
    targetUserId: number,
    caller: string,
    since: number,
  ): Promise<TransferHandoff | null> {
    // The row is locked while it is picked and re-checked by the UPDATE: one adopter wins, a
    // concurrent one finds it no longer open.
    const { rows } = await this.sql.query<HandoffRow>(
      `UPDATE transfer_handoffs SET state = 'adopted'
       WHERE (member_id, call_id) = (SELECT member_id, call_id FROM transfer_handoffs
                                     WHERE member_id = $1 AND target_user_id = $2 AND caller = $3
                                       AND state = 'open' AND created_at >= $4
                                     ORDER BY created_at DESC LIMIT 1 FOR UPDATE)
         AND state = 'open'
       RETURNING state, handoff_json`,
      [memberId, targetUserId, caller, since],
    );
    return rows[0] ? handoffOf(rows[0]) : null;
  }

  async transition(
    memberId: string,
    callId: string,
    from: HandoffState,
    to: HandoffState,
    targetUserId?: number,
  ): Promise<TransferHandoff | null> {
    const { rows } = await this.sql.query<HandoffRow>(
      `UPDATE transfer_handoffs SET state = $1
       WHERE member_id = $2 AND call_id = $3 AND state = $4 AND ($5::integer IS NULL OR target_user_id = $5)
       RETURNING state, handoff_json`,
      [to, memberId, callId, from, targetUserId ?? null],
    );
    return rows[0] ? handoffOf(rows[0]) : null;
  }

  async due(openBefore: number): Promise<TransferHandoff[]> {
    const { rows } = await this.sql.query<HandoffRow>(
      `SELECT state, handoff_json FROM transfer_handoffs
       WHERE state = 'finishing' OR (state = 'open' AND created_at < $1) ORDER BY created_at`,
      [openBefore],
    );
    return rows.map(handoffOf);
  }

  async prune(createdBefore: number): Promise<number> {
    return (await this.sql.query('DELETE FROM transfer_handoffs WHERE created_at < $1', [createdBefore]))
      .rowCount;
  }
}
