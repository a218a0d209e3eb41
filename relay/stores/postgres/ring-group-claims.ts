import type { PgSql } from './pg-sql';
import { ChangedRingClaims, type ClaimChange } from '../changed-ring-claims';
import { isMissedClaim, missedCandidatesWhere } from '../ring-claim-changes';
import type { RingClaim } from '../stores';

export class PgRingGroupClaims extends ChangedRingClaims {
  constructor(private readonly sql: PgSql) {
    super();
  }

  async missed(leftBefore: number, claimedBefore: number): Promise<RingClaim[]> {
    const { rows } = await this.sql.query<{ claim_json: string }>(
      `SELECT claim_json FROM ring_claims WHERE ${missedCandidatesWhere} $1`,
      [claimedBefore],
    );
    return rows
      .map((row) => JSON.parse(row.claim_json) as RingClaim)
      .filter((claim) => isMissedClaim(claim, leftBefore, claimedBefore));
  }

  async prune(createdBefore: number): Promise<number> {
    return (await this.sql.query('DELETE FROM ring_claims WHERE created_at < $1', [createdBefore])).rowCount;
  }

  /**
   * Read, decide, write while holding the call's advisory lock: a row lock cannot serialise two
   * relays claiming a call that has no row yet, and a lost race must not become an error.
   */
  protected change<T>(memberId: string, externalCallId: string, change: ClaimChange<T>): Promise<T> {
    return this.sql.transaction(async (sql) => {
      await sql.query(`SELECT pg_advisory_xact_lock(hashtext($1 || chr(1) || $2))`, [
        memberId,
        externalCallId,
      ]);
      const { rows } = await sql.query<{ claim_json: string }>(
        'SELECT claim_json FROM ring_claims WHERE member_id = $1 AND external_call_id = $2',
        [memberId, externalCallId],
      );
      const claim = rows[0] ? (JSON.parse(rows[0].claim_json) as RingClaim) : null;
      const { write, result } = change(claim);
      if (write && write !== claim)
        await sql.query(
          `INSERT INTO ring_claims VALUES ($1, $2, $3, $4)
           ON CONFLICT (member_id, external_call_id) DO UPDATE SET claim_json = excluded.claim_json`,
          [memberId, externalCallId, JSON.stringify(write), write.createdAt],
        );
      return result;
    });
  }
}
