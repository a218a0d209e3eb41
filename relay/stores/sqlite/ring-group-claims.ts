import type { SqlDatabase } from './cached-statements';
import { isMissedClaim, missedCandidatesWhere, ringClaimChanges } from '../ring-claim-changes';
import type { RingClaim, RingGroupClaims } from '../stores';

export class SqliteRingGroupClaims implements RingGroupClaims {
  constructor(private readonly db: SqlDatabase) {}

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

  missed(leftBefore: number, claimedBefore: number): Promise<RingClaim[]> {
    const rows = this.db
      .prepare(`SELECT claim_json FROM ring_claims WHERE ${missedCandidatesWhere} ?`)
      .all(claimedBefore) as { claim_json: string }[];
    return Promise.resolve(
      rows
        .map((row) => JSON.parse(row.claim_json) as RingClaim)
        .filter((claim) => isMissedClaim(claim, leftBefore, claimedBefore)),
    );
  }

  markMissedFinished(memberId: string, externalCallId: string): Promise<boolean> {
    return this.#change(memberId, externalCallId, (claim) => ringClaimChanges.markMissedFinished(claim));
  }

  prune(createdBefore: number): Promise<number> {
    return Promise.resolve(
      this.db.prepare('DELETE FROM ring_claims WHERE created_at < ?').run(createdBefore).changes,
    );
  }

  #change<T>(
    memberId: string,
    externalCallId: string,
    change: (claim: RingClaim | null) => { write: RingClaim | null; result: T },
  ): Promise<T> {
    const run = this.db.transaction(() => {
      const row = this.db
        .prepare('SELECT claim_json FROM ring_claims WHERE member_id = ? AND external_call_id = ?')
        .get(memberId, externalCallId) as { claim_json: string } | undefined;
      const claim = row ? (JSON.parse(row.claim_json) as RingClaim) : null;
      const { write, result } = change(claim);
      if (write && write !== claim)
        this.db
          .prepare(
            `INSERT INTO ring_claims VALUES (?, ?, ?, ?)
             ON CONFLICT (member_id, external_call_id) DO UPDATE SET claim_json = excluded.claim_json`,
          )
          .run(memberId, externalCallId, JSON.stringify(write), write.createdAt);
      return result;
    });
    return Promise.resolve(run.immediate());
  }
}
