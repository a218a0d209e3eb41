import type { BitrixStep, CallType } from '../bitrix/telephony';
import type { CardPolicy } from '../settings/settings';
import { numberForBitrix, type NumberRules } from '../phone/phone-number';
import { isoWithOffset } from '../time/iso-with-offset';
import type { CallDirection, CallFact, RingingFact } from './call-fact';
import { finishStatusFor } from './status-code';

/**
 * The life of one call leg as the host tracks it, and the Bitrix24 steps each SIP fact causes.
 *
 * Transitions (anything else is refused with a reason and changes nothing):
 *
 *   (none)   --ringing-->  ringing    register (SHOW=1 if the card shows on ring)
 *   ringing  --answered--> answered   show, if the card shows on answer
 *   ringing  --ended-->    ended      finish with the status for the end reason, DURATION 0;
 *                                     answered elsewhere: hide only (the answering device finishes)
 *   answered --ended-->    ended      finish 200 with the talk time in seconds
 */
export type CallPhase = 'ringing' | 'answered' | 'ended';

export interface CallState {
  callKey: string;
  direction: CallDirection;
  phase: CallPhase;
  ringingAt: number;
  answeredAt?: number;
  endedAt?: number;
}

/** What the lifecycle needs to know about the agent to phrase the steps. */
export interface LifecycleContext {
  userId: number;
  cardPolicy: CardPolicy;
  defaultLineNumber: string;
  numberRules: NumberRules;
}

export type Transition = { ok: true; state: CallState; steps: BitrixStep[] } | { ok: false; reason: string };

export function applyFact(
  state: CallState | undefined,
  fact: CallFact,
  context: LifecycleContext,
): Transition {
  if (fact.type === 'ringing') {
    if (state) return refuse(`call ${fact.callKey} is already ${state.phase}`);
    return startRinging(fact, context);
  }
  if (!state) return refuse(`${fact.type} for unknown call ${fact.callKey}`);
  if (state.phase === 'ended') return refuse(`${fact.type} after the call ${fact.callKey} ended`);
  if (fact.at < state.ringingAt) return refuse(`${fact.type} dated before the call ${fact.callKey} rang`);

  if (fact.type === 'answered') {
    if (state.phase !== 'ringing') return refuse(`call ${fact.callKey} is already answered`);
    const steps: BitrixStep[] =
      context.cardPolicy === 'on-answer' ? [{ kind: 'show', userIds: [context.userId] }] : [];
    return { ok: true, state: { ...state, phase: 'answered', answeredAt: fact.at }, steps };
  }

  const ended: CallState = { ...state, phase: 'ended', endedAt: fact.at };
  const status = state.phase === 'answered' ? { statusCode: '200' as const } : finishStatusFor(fact.reason);
  if (!status) return { ok: true, state: ended, steps: [{ kind: 'hide', userIds: [context.userId] }] };
  const talkSeconds =
    state.answeredAt === undefined ? 0 : Math.max(0, Math.round((fact.at - state.answeredAt) / 1000));
  const finish: BitrixStep = {
    kind: 'finish',
    params: {
      USER_ID: context.userId,
      DURATION: talkSeconds,
      STATUS_CODE: status.statusCode,
      ...(status.failedReason ? { FAILED_REASON: status.failedReason } : {}),
    },
  };
  return { ok: true, state: ended, steps: [finish] };
}

function startRinging(fact: RingingFact, context: LifecycleContext): Transition {
  const type: CallType = fact.direction === 'incoming' ? 2 : 1;
  const line = fact.lineNumber ?? (context.defaultLineNumber || undefined);
  const register: BitrixStep = {
    kind: 'register',
    params: {
      USER_ID: context.userId,
      PHONE_NUMBER: numberForBitrix(fact.remoteNumber, context.numberRules),
      TYPE: type,
      CALL_START_DATE: isoWithOffset(fact.at),
      EXTERNAL_CALL_ID: fact.pbxCallId ?? fact.sipCallId,
      SHOW: context.cardPolicy === 'on-ring' ? 1 : 0,
      CRM_CREATE: 0,
      ...(line ? { LINE_NUMBER: line } : {}),
    },
  };
  const state: CallState = {
    callKey: fact.callKey,
    direction: fact.direction,
    phase: 'ringing',
    ringingAt: fact.at,
  };
  return { ok: true, state, steps: [register] };
}

function refuse(reason: string): Transition {
  return { ok: false, reason };
}
