import type { CallDirection, EndReason } from '../../common/calls/call-fact';

/** Why we ended a call ourselves, to tell a BYE we sent from one we received. */
export type LocalAction = 'hangup' | 'decline' | 'cancel' | 'transfer';

/** What a leg learnt, as it happened, about how it is ending; read once it has ended. */
export interface LegEnding {
  /** The agent or the phone ended it: hung up, declined, cancelled, or handed it over. */
  localAction?: LocalAction | undefined;
  /** The code a decline answered with (603 by the agent, 486 busy or DND). */
  declineCode: number;
  /** The caller's CANCEL; `completedElsewhere` when its Reason said cause=200. */
  cancel?: { completedElsewhere: boolean } | undefined;
  /** The far end's final response to our INVITE. */
  rejection?: { sipCode: number; reasonPhrase: string } | undefined;
  /** Why the phone gave up on it (no audio, connection lost...). */
  failure?: string | undefined;
}

/**
 * Why a leg ended, first row that applies:
 *
 *   the leg                 what it learnt                              reason
 *   answered                a failure, and no local action              failed (the failure)
 *   answered                we hung up or transferred                   hangup by local
 *   answered                anything else                               hangup by remote
 *   incoming, unanswered    we declined                                 declined (the decline code)
 *   incoming, unanswered    the caller's CANCEL                         caller-cancelled (elsewhere or not)
 *   incoming, unanswered    anything else                               failed (the failure, or "ended before it was answered")
 *   outgoing, unanswered    we cancelled                                cancelled
 *   outgoing, unanswered    a final response                            rejected (its code and phrase)
 *   outgoing, unanswered    anything else                               failed (the failure, or "could not be connected")
 */
export function legEndReason(
  leg: { direction: CallDirection; answered: boolean },
  ending: LegEnding,
): EndReason {
  if (leg.answered) {
    if (ending.failure && ending.localAction === undefined)
      return { kind: 'failed', reasonPhrase: ending.failure };
    const local = ending.localAction === 'hangup' || ending.localAction === 'transfer';
    return { kind: 'hangup', by: local ? 'local' : 'remote' };
  }
  if (leg.direction === 'incoming') {
    if (ending.localAction === 'decline') return { kind: 'declined', sipCode: ending.declineCode };
    if (ending.cancel)
      return { kind: 'caller-cancelled', completedElsewhere: ending.cancel.completedElsewhere };
    return { kind: 'failed', reasonPhrase: ending.failure ?? 'The call ended before it was answered' };
  }
  if (ending.localAction === 'cancel') return { kind: 'cancelled' };
  if (ending.rejection) return { kind: 'rejected', ...ending.rejection };
  return { kind: 'failed', reasonPhrase: ending.failure ?? 'The call could not be connected' };
}
