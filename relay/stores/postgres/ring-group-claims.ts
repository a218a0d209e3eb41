import type { PgSql } from './pg-sql';
import { isMissedClaim, missedCandidatesWhere, ringClaimChanges } from '../ring-claim-changes';
import type { RingClaim, RingGroupClaims } from '../stores';

export class PgRingGroupClaims implements RingGroupClaims {
  constructor(private readonly sql: PgSql) {}

  claim(
    memberId: string,
    externalCallId: string,
    userId: number,
    now: number,
  ): Promise<{ role: 'claimant' | 'member'; claim: RingClaim }> {
    return this.#change(memberId, externalCallId, (claim) =>
      ringClaimChanges.claim(claim, memberId, externalCallId, userId, now),
    );
  }

  setCallId(
    memberId: string,
    externalCallId: string,
    userId: number,
    callId: string,
  ): Promise<RingClaim | null> {
    return this.#change(memberId, externalCallId, (claim) =>
      ringClaimChanges.setCallId(claim, userId, callId),
    );
  }

  answer(
    memberId: string,
    externalCallId: string,
    userId: number,
  ): Promise<{ first: boolean; claim: RingClaim } | null> {
    return this.#change(memberId, externalCallId, (claim) => ringClaimChanges.answer(claim, userId));
  }

  leave(memberId: string, externalCallId: string, userId: number, now: number): Promise<RingClaim | null> {
    return this.#change(memberId, externalCallId, (claim) => ringClaimChanges.leave(claim, userId, now));
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

  markMissedFinished(memberId: string, externalCallId: string): Promise<boolean> {
    return this.#change(memberId, externalCallId, (claim) => ringClaimChanges.markMissedFinished(claim));
  }

  async prune(createdBefore: number): Promise<number> {
    return (await this.sql.query('DELETE FROM ring_claims WHERE created_at < $1', [createdBefore])).rowCount;
  }

  /**
   * Read, decide, write while holding the call's advisory lock: a row lock cannot serialise two
   * relays claiming a call that has no row yet, and a lost race must not become an error.
   */
  #change<T>(
    memberId: string,
    externalCallId: string,
    change: (claim: RingClaim | null) => { write: RingClaim | null; result: T },
  ): Promise<T> {
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
