import type { SqlDatabase } from './cached-statements';
import type { RingClaim, RingGroupClaims } from '../stores';

export class SqliteRingGroupClaims implements RingGroupClaims {
  constructor(private readonly db: SqlDatabase) {}

  claim(
    memberId: string,
    externalCallId: string,
    userId: number,
    now: number,
  ): Promise<{ role: 'claimant' | 'member'; claim: RingClaim }> {
    const run = this.db.transaction(() => {
      const existing = this.#read(memberId, externalCallId);
      if (!existing) {
        const claim: RingClaim = {
          memberId,
          externalCallId,
          claimantUserId: userId,
          members: [userId],
          createdAt: now,
        };
        this.db
          .prepare('INSERT INTO ring_claims VALUES (?, ?, ?, ?)')
          .run(memberId, externalCallId, JSON.stringify(claim), now);
        return { role: 'claimant' as const, claim };
      }
      const joins = !existing.members.includes(userId) && existing.answeredBy === undefined;
      const claim = joins ? { ...existing, members: [...existing.members, userId] } : existing;
      if (claim !== existing) this.#write(claim);
      return { role: claim.claimantUserId === userId ? ('claimant' as const) : ('member' as const), claim };
    });
    return Promise.resolve(run.immediate());
  }

  setCallId(
    memberId: string,
    externalCallId: string,
    userId: number,
    callId: string,
  ): Promise<RingClaim | null> {
    const run = this.db.transaction(() => {
      const claim = this.#read(memberId, externalCallId);
      if (!claim || claim.claimantUserId !== userId) return null;
      const next = { ...claim, callId };
      this.#write(next);
      return next;
    });
    return Promise.resolve(run.immediate());
  }

  answer(
    memberId: string,
    externalCallId: string,
    userId: number,
  ): Promise<{ first: boolean; claim: RingClaim } | null> {
    const run = this.db.transaction(() => {
      const claim = this.#read(memberId, externalCallId);
      if (!claim?.members.includes(userId)) return null;
      if (claim.answeredBy !== undefined) return { first: claim.answeredBy === userId, claim };
      const next = { ...claim, answeredBy: userId };
      this.#write(next);
      return { first: true, claim: next };
    });
    return Promise.resolve(run.immediate());
  }

  leave(memberId: string, externalCallId: string, userId: number, now: number): Promise<RingClaim | null> {
    const run = this.db.transaction(() => {
      const claim = this.#read(memberId, externalCallId);
      if (!claim?.members.includes(userId)) return null;
      const left = claim.left ?? [];
      const next = { ...claim, left: left.includes(userId) ? left : [...left, userId], leftAt: now };
      this.#write(next);
      return next;
    });
    return Promise.resolve(run.immediate());
  }

  missed(leftBefore: number, claimedBefore: number): Promise<RingClaim[]> {
    // Only claims someone left, or old ones, are candidates; claims live for hours at most.
    const rows = this.db
      .prepare('SELECT claim_json FROM ring_claims WHERE claim_json LIKE \'%"leftAt"%\' OR created_at < ?')
      .all(claimedBefore) as { claim_json: string }[];
    return Promise.resolve(
      rows
        .map((row) => JSON.parse(row.claim_json) as RingClaim)
        .filter(
          (claim) =>
            claim.callId !== undefined &&
            claim.answeredBy === undefined &&
            !claim.missedFinished &&
            (claim.createdAt < claimedBefore ||
              (claim.leftAt !== undefined &&
                claim.leftAt < leftBefore &&
                claim.members.every((member) => claim.left?.includes(member)))),
        ),
    );
  }

  markMissedFinished(memberId: string, externalCallId: string): Promise<boolean> {
    const run = this.db.transaction(() => {
      const claim = this.#read(memberId, externalCallId);
      if (!claim || claim.missedFinished) return false;
      this.#write({ ...claim, missedFinished: true });
      return true;
    });
    return Promise.resolve(run.immediate());
  }

  prune(createdBefore: number): Promise<number> {
    return Promise.resolve(
      this.db.prepare('DELETE FROM ring_claims WHERE created_at < ?').run(createdBefore).changes,
    );
  }

  #read(memberId: string, externalCallId: string): RingClaim | null {
    const row = this.db
      .prepare('SELECT claim_json FROM ring_claims WHERE member_id = ? AND external_call_id = ?')
      .get(memberId, externalCallId) as { claim_json: string } | undefined;
    return row ? (JSON.parse(row.claim_json) as RingClaim) : null;
  }

  #write(claim: RingClaim): void {
    this.db
      .prepare('UPDATE ring_claims SET claim_json = ? WHERE member_id = ? AND external_call_id = ?')
      .run(JSON.stringify(claim), claim.memberId, claim.externalCallId);
  }
}
