import type { HandoffState, TransferHandoff } from './stores';

/** A `transfer_handoffs` row as both stores keep it: the query columns plus the handoff as JSON. */
export interface HandoffRow {
  state: string;
  handoff_json: string;
}

/** The handoff a row holds; its `state` column is the truth (the JSON keeps the first one). */
export function handoffOf(row: HandoffRow): TransferHandoff {
  return { ...(JSON.parse(row.handoff_json) as TransferHandoff), state: row.state as HandoffState };
}

/** The row's values in column order: member_id, call_id, target_user_id, caller, state, created_at, handoff_json. */
export function handoffValues(handoff: TransferHandoff): unknown[] {
  return [
    handoff.memberId,
    handoff.callId,
    handoff.targetUserId,
    handoff.caller,
    handoff.state,
    handoff.createdAt,
    JSON.stringify(handoff),
  ];
}
