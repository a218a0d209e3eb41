import { ringClaimChanges } from './ring-claim-changes';
import type { RingClaim, RingGroupClaims } from './stores';

/** What a store does with one call's claim: read it, decide, write the decision - atomically. */
export type ClaimChange<T> = (claim: RingClaim | null) => { write: RingClaim | null; result: T };

/**
 * The ring-group claims as the shared rules (ring-claim-changes.ts) applied by a store's own
 * atomic read-decide-write (`change`): the SQLite and PostgreSQL stores differ only in that, in
 * how they find missed calls, and in pruning.
 */
export abstract class ChangedRingClaims implements RingGroupClaims {
  protected abstract change<T>(memberId: string, externalCallId: string, change: ClaimChange<T>): Promise<T>;
  abstract missed(leftBefore: number, claimedBefore: number): Promise<RingClaim[]>;
  abstract prune(createdBefore: number): Promise<number>;

  claim(
    memberId: string,
    externalCallId: string,
    userId: number,
    now: number,
  ): Promise<{ role: 'claimant' | 'member'; claim: RingClaim }> {
    return this.change(memberId, externalCallId, (claim) =>
      ringClaimChanges.claim(claim, memberId, externalCallId, userId, now),
    );
  }

  setCallId(
    memberId: string,
    externalCallId: string,
    userId: number,
    callId: string,
  ): Promise<RingClaim | null> {
    return this.change(memberId, externalCallId, (claim) =>
      ringClaimChanges.setCallId(claim, userId, callId),
    );
  }

  answer(
    memberId: string,
    externalCallId: string,
    userId: number,
  ): Promise<{ first: boolean; claim: RingClaim } | null> {
    return this.change(memberId, externalCallId, (claim) => ringClaimChanges.answer(claim, userId));
  }

  leave(memberId: string, externalCallId: string, userId: number, now: number): Promise<RingClaim | null> {
    return this.change(memberId, externalCallId, (claim) => ringClaimChanges.leave(claim, userId, now));
  }

  markMissedFinished(memberId: string, externalCallId: string): Promise<boolean> {
    return this.change(memberId, externalCallId, (claim) => ringClaimChanges.markMissedFinished(claim));
  }
}
