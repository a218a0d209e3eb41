import type { PhoneSettings } from '../../common/settings/phone-settings';
import type { AutoAnswerRequest } from './sip-headers';

/**
 * What the phone does with a new incoming INVITE, first rule that applies:
 *
 *   the INVITE                                       settings                 decision
 *   replaces a connected leg of ours (Replaces)      any                      take-over (answered, no ringing)
 *   offers no audio format we can play               any                      refuse 488
 *   any                                              DND on                   decline 486
 *   arrives while another leg is up (busy)           call waiting off         decline 486
 *   not busy, the PBX asks for auto-answer           answer by header on      ring, answered after the header's delay
 *   not busy                                         always answer on         ring, answered after the setting's delay
 *   anything else                                    any                      ring
 *
 * A waiting call (busy) never answers itself: it would put the agent's call on hold unasked.
 */
export interface IncomingInvite<Leg> {
  /** Our connected leg whose dialog the INVITE's Replaces names (an attended transfer to us). */
  replaces: Leg | undefined;
  /** The offer has an audio format we can play (or there is no offer: we make it). */
  offerUsable: boolean;
  /** Another leg of ours has not ended. */
  busy: boolean;
  /** What the INVITE's headers ask (Call-Info answer-after, Alert-Info, Answer-Mode). */
  autoAnswerRequest: AutoAnswerRequest | null;
}

export type IncomingDecision<Leg> =
  | { kind: 'take-over'; replaces: Leg }
  | { kind: 'refuse'; sipCode: 488; why: string }
  | { kind: 'decline'; sipCode: 486 }
  | { kind: 'ring'; autoAnswerAfterMs?: number };

export function incomingDecision<Leg>(
  invite: IncomingInvite<Leg>,
  settings: Pick<PhoneSettings, 'dnd' | 'callWaiting' | 'autoAnswer'>,
): IncomingDecision<Leg> {
  if (invite.replaces !== undefined) return { kind: 'take-over', replaces: invite.replaces };
  if (!invite.offerUsable)
    return {
      kind: 'refuse',
      sipCode: 488,
      why: 'The caller offered no audio format this phone can play (488)',
    };
  if (settings.dnd) return { kind: 'decline', sipCode: 486 };
  if (invite.busy && !settings.callWaiting) return { kind: 'decline', sipCode: 486 };
  const requested = settings.autoAnswer.byHeader ? invite.autoAnswerRequest : null;
  if (invite.busy || !(requested || settings.autoAnswer.always)) return { kind: 'ring' };
  return {
    kind: 'ring',
    autoAnswerAfterMs: (requested?.delaySeconds ?? settings.autoAnswer.delaySeconds) * 1000,
  };
}
