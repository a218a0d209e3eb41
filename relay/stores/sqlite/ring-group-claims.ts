import type { SqlDatabase } from './cached-statements';
import { ChangedRingClaims, type ClaimChange } from '../changed-ring-claims';
import { isMissedClaim, missedCandidatesWhere } from '../ring-claim-changes';
import type { RingClaim } from '../stores';

export class SqliteRingGroupClaims extends ChangedRingClaims {
  constructor(private readonly db: SqlDatabase) {
    super();
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

  prune(createdBefore: number): Promise<number> {
    return Promise.resolve(
      this.db.prepare('DELETE FROM ring_claims WHERE created_at < ?').run(createdBefore).changes,
    );
  }

  protected change<T>(memberId: string, externalCallId: string, change: ClaimChange<T>): Promise<T> {
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
