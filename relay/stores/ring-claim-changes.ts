import type { RingClaim } from './stores';

/**
 * The ring-group claims' rules as pure functions of the claim read inside a transaction (null: none
 * yet); each returns the claim to write (unchanged: nothing to write) and the answer.
 */
export const ringClaimChanges = {
  claim(existing: RingClaim | null, memberId: string, externalCallId: string, userId: number, now: number) {
    if (!existing) {
      const claim: RingClaim = {
        memberId,
        externalCallId,
        claimantUserId: userId,
        members: [userId],
        createdAt: now,
      };
      return { write: claim, result: { role: 'claimant' as const, claim } };
    }
    // A claim after the call was answered learns who answered but does not join.
    const joins = !existing.members.includes(userId) && existing.answeredBy === undefined;
    const claim = joins ? { ...existing, members: [...existing.members, userId] } : existing;
    return {
      write: claim,
      result: { role: claim.claimantUserId === userId ? ('claimant' as const) : ('member' as const), claim },
    };
  },
  setCallId(claim: RingClaim | null, userId: number, callId: string) {
    if (!claim || claim.claimantUserId !== userId) return { write: claim, result: null };
    const next = { ...claim, callId };
    return { write: next, result: next };
  },
  answer(claim: RingClaim | null, userId: number) {
    if (!claim?.members.includes(userId)) return { write: claim, result: null };
    if (claim.answeredBy !== undefined)
      return { write: claim, result: { first: claim.answeredBy === userId, claim } };
    const next = { ...claim, answeredBy: userId };
    return { write: next, result: { first: true, claim: next } };
  },
};
