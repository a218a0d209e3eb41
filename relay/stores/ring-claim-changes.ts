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
    // The first CALL_ID stays: the members may already show their cards on it. A repeat (the app
    // sends it again until the relay answers) changes nothing.
    if (claim.callId !== undefined) return { write: claim, result: claim };
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
  leave(claim: RingClaim | null, userId: number, now: number) {
    if (!claim?.members.includes(userId)) return { write: claim, result: null };
    const left = claim.left ?? [];
    const next = { ...claim, left: left.includes(userId) ? left : [...left, userId], leftAt: now };
    return { write: next, result: next };
  },
  markMissedFinished(claim: RingClaim | null) {
    if (!claim || claim.missedFinished) return { write: claim, result: false };
    return { write: { ...claim, missedFinished: true as const }, result: true };
  },
};

/**
 * A claim the relay must finish as missed (RingGroupClaims.missed): it has a CALL_ID, nobody
 * answered, it is not finished yet, and either every member left before `leftBefore` or it was
 * first claimed before `claimedBefore`.
 */
export function isMissedClaim(claim: RingClaim, leftBefore: number, claimedBefore: number): boolean {
  return (
    claim.callId !== undefined &&
    claim.answeredBy === undefined &&
    !claim.missedFinished &&
    (claim.createdAt < claimedBefore ||
      (claim.leftAt !== undefined &&
        claim.leftAt < leftBefore &&
        claim.members.every((member) => claim.left?.includes(member))))
  );
}

/** Only claims someone left, or old ones, can be missed; claims live for hours at most. */
export const missedCandidatesWhere = `claim_json LIKE '%"leftAt"%' OR created_at <`;
