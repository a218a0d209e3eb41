import type { BitrixStep, CallType, FinishParams, RegisterParams } from '../bitrix/telephony';
import type { CardPolicy, CrmCreate } from '../settings/settings';
import { classifyNumber, numberForBitrix, type NumberRules } from '../phone/phone-number';
import { isoWithOffset } from '../time/iso-with-offset';
import type { CallDirection, CallFact, CallOrigin, EndReason, RingingFact } from './call-fact';
import { finishStatusFor, type FinishStatus } from './status-code';

/**
 * The life of one call leg as the host tracks it, and the Bitrix24 steps each fact causes.
 * Pure: the same state and fact always give the same answer, so the journal can replay it.
 *
 * Transitions (anything else is refused with a reason and changes nothing). "Own" calls are the
 * ones we register (origin pbx, dialpad, callback); click-to-call and ring-group calls come with
 * a CALL_ID someone else registered.
 *
 *   from          fact          to           Bitrix24 steps
 *   (none)        ringing       ringing      own: register {TYPE 2 pbx (3 when the PBX redirected
 *                                            it) | 1 dialpad | 4 callback, SHOW = 1 if the card
 *                                            shows on ring, CRM_CREATE = 1 if the agent's setting
 *                                            for the direction says so}; ring-group, transfer: show
 *                                            for me if on ring; click-to-call: none (Bitrix24
 *                                            registered it when the agent clicked)
 *   ringing       answered      answered     show for me, if the card shows on answer (not for
 *                                            click-to-call)
 *   ringing       ended         ended        finish {STATUS_CODE for the reason, DURATION 0};
 *                                            a ring-group call (claimant or member) we did not
 *                                            answer, however it ended: hide for me only - the
 *                                            relay finishes it if nobody answered; answered
 *                                            elsewhere on a call we registered alone: finish
 *                                            {OTHER, "Answered on another phone"} - nobody else
 *                                            knows its CALL_ID, and it must not stay open;
 *                                            after a 304 of a pbx call, leadForMissedCall when
 *                                            crmCreate.missed is on and incoming off
 *   answered      held          held         none (hold time is talk time)
 *   held          resumed       answered     none
 *   answered,held transferred   transferred  show for the target user (when known), hide for me
 *   answered,held ended         ended        finish {200, DURATION answer -> hangup}; a call adopted
 *                                            from a transfer counts from its first answer
 *   transferred   ended         ended        finish {200, DURATION answer -> transfer}; handed off
 *                                            to the target's app: none (the target, or the relay,
 *                                            finishes it)
 *   not ended     recovered     ended        (host only, at start-up after the host died) finish
 *                                            with the best-known DURATION and a FAILED_REASON
 *                                            saying so; a ring-group call we had not answered: hide
 *
 * A missed group call (origin `missed-group-call`: the relay finished it as missed under this
 * agent) rings and ends with no step at all, its outcome the relay's 304: it is only history here.
 *
 * Calls outside the CRM go through the same phases with no Bitrix24 step at all: a consultation
 * leg, and a pbx or dialpad call whose other party is a colleague (agent to agent) -
 * neither is a customer call, and registering one would count it in the CRM's call statistics
 * (and CRM_CREATE would make a lead of a colleague).
 *
 * Also refused: an `ended` whose reason contradicts the call (a `hangup` of a call never
 * answered, `cancelled` or `rejected` for an incoming call, `caller-cancelled` or `declined` for
 * an outgoing one), an origin that contradicts the direction, and any fact dated before the call
 * rang.
 */
export type CallPhase = 'ringing' | 'answered' | 'held' | 'transferred' | 'ended';

export interface CallState {
  callKey: string;
  direction: CallDirection;
  origin: CallOrigin;
  /** The customer's number as the phone reported it. */
  remoteNumber: string;
  phase: CallPhase;
  ringingAt: number;
  answeredAt?: number;
  transferredAt?: number;
  endedAt?: number;
  /** When the latest accepted fact happened: the least we know the call lasted. */
  lastFactAt: number;
  /** How it ended, for the history: the STATUS_CODE sent (or none: hidden only) and why. */
  outcome?: CallOutcome;
  /** Why Bitrix24 never hears of this call, when it is no customer call. */
  outsideCrm?: 'colleague' | 'consultation';
  /** Transferred and its CALL_ID handed to the target's app: someone else finishes it. */
  handedOff?: true;
}

export interface CallOutcome {
  /** What finish said; absent when the call was only hidden (someone else finishes it). */
  status?: FinishStatus;
  /** The end reason as the phone reported it, or `recovered` when the host closed it at start-up. */
  reason: EndReason | { kind: 'recovered' };
  durationSeconds: number;
}

/**
 * A host-only event: at start-up, a call the previous process left ringing or connected is closed
 * at `at`, the best-known end (its last fact or the dead process's last sign of life).
 */
export interface RecoveredEvent {
  type: 'recovered';
  callKey: string;
  at: number;
}

export type LifecycleEvent = CallFact | RecoveredEvent;

/** What the lifecycle needs to know about the agent to phrase the steps. */
export interface LifecycleContext {
  userId: number;
  cardPolicy: CardPolicy;
  defaultLineNumber: string;
  numberRules: NumberRules;
  /** Which directions ask Bitrix24 for a lead when the number is unknown; none when absent. */
  crmCreate?: CrmCreate;
  /** UTC offset for CALL_START_DATE in minutes east; the machine's zone when absent. */
  utcOffsetMinutes?: number;
}

export type Transition = { ok: true; state: CallState; steps: BitrixStep[] } | { ok: false; reason: string };

/**
 * FAILED_REASON of an incoming call we registered alone that another device answered (the agent's
 * desk phone, or a colleague's phone without a relay to share the CALL_ID): we do not know who
 * talked or for how long, only that it was not missed.
 */
export const answeredElsewhereFailedReason = 'Answered on another phone';

/** FAILED_REASON of a call the host closed at start-up because the process that tracked it died. */
export const recoveredFailedReason =
  'b24phone stopped during the call; closed at restart with the duration known until then';

export function applyFact(
  state: CallState | undefined,
  event: LifecycleEvent,
  context: LifecycleContext,
): Transition {
  const transition = customerCallFact(state, event, context);
  if (!transition.ok || !transition.state.outsideCrm) return transition;
  return accept(withoutStatus(transition.state), []);
}

/** The outcome of a call Bitrix24 never heard of: no finish was sent, so no STATUS_CODE. */
function withoutStatus(state: CallState): CallState {
  if (!state.outcome) return state;
  const { status: _sent, ...outcome } = state.outcome;
  return { ...state, outcome };
}

function customerCallFact(
  state: CallState | undefined,
  event: LifecycleEvent,
  context: LifecycleContext,
): Transition {
  if (event.type === 'ringing') {
    if (state) return refuse(`call ${event.callKey} is already ${state.phase}: duplicate ringing`);
    return startRinging(event, context);
  }
  if (!state) return refuse(`${event.type} for unknown call ${event.callKey}`);
  if (state.phase === 'ended') return refuse(`${event.type} after the call ${event.callKey} ended`);
  if (event.at < state.ringingAt) return refuse(`${event.type} dated before the call ${event.callKey} rang`);
  const at = Math.max(event.at, state.lastFactAt);

  switch (event.type) {
    case 'answered': {
      if (state.phase !== 'ringing') return refuse(`call ${event.callKey} is already ${state.phase}`);
      const showOnAnswer = context.cardPolicy === 'on-answer' && state.origin.kind !== 'click-to-call';
      const steps: BitrixStep[] = showOnAnswer ? [{ kind: 'show', userIds: [context.userId] }] : [];
      return accept({ ...state, phase: 'answered', answeredAt: event.at, lastFactAt: at }, steps);
    }
    case 'held':
      if (state.phase !== 'answered') return refuse(`hold of call ${event.callKey} while ${state.phase}`);
      return accept({ ...state, phase: 'held', lastFactAt: at }, []);
    case 'resumed':
      if (state.phase !== 'held') return refuse(`resume of call ${event.callKey} while ${state.phase}`);
      return accept({ ...state, phase: 'answered', lastFactAt: at }, []);
    case 'transferred': {
      if (state.phase !== 'answered' && state.phase !== 'held')
        return refuse(`transfer of call ${event.callKey} while ${state.phase}`);
      const target = event.target.userId;
      const steps: BitrixStep[] = [
        ...(target !== undefined && target !== context.userId
          ? [{ kind: 'show' as const, userIds: [target] }]
          : []),
        { kind: 'hide', userIds: [context.userId] },
      ];
      return accept(
        {
          ...state,
          phase: 'transferred',
          transferredAt: event.at,
          lastFactAt: at,
          ...(event.handedOff ? { handedOff: true as const } : {}),
        },
        steps,
      );
    }
    case 'ended': {
      const contradiction = contradicts(state, event.reason);
      if (contradiction) return refuse(`ended of call ${event.callKey}: ${contradiction}`);
      return end(state, at, event.reason, talkedStatus(state) ?? finishStatusFor(event.reason), context);
    }
    case 'recovered': {
      const status: FinishStatus | null = talkedStatus(state)
        ? { statusCode: '200', failedReason: recoveredFailedReason }
        : {
            statusCode: state.direction === 'incoming' ? '304' : 'OTHER',
            failedReason: recoveredFailedReason,
          };
      return end(state, at, { kind: 'recovered' }, status, context);
    }
  }
}

/** A call that was talked ends as answered (200), whatever broke it afterwards. */
function talkedStatus(state: CallState): FinishStatus | null {
  return state.answeredAt === undefined ? null : { statusCode: '200' };
}

function end(
  state: CallState,
  at: number,
  reason: CallOutcome['reason'],
  finishStatus: FinishStatus | null,
  context: LifecycleContext,
): Transition {
  let status = finishStatus;
  const talkEnd = state.transferredAt ?? at;
  // A call adopted from a colleague's transfer is one Bitrix24 call: its talk began at the first answer.
  const talkStart = state.origin.kind === 'transfer' ? state.origin.answeredAt : state.answeredAt;
  const durationSeconds =
    state.answeredAt === undefined || talkStart === undefined
      ? 0
      : Math.max(0, Math.round((talkEnd - talkStart) / 1000));
  // A ring-group leg we did not answer finishes nothing, whether we registered the call or not: a
  // colleague may still ring or have answered it, and the relay finishes it if nobody did. The
  // same for a transferred call we adopted and did not answer, and one we handed off (its hide
  // went with the transfer).
  const ours = state.answeredAt !== undefined || !coordinated(state.origin);
  const ended: CallState = { ...state, phase: 'ended', endedAt: at, lastFactAt: at };
  // The relay finished it already; the history shows what it sent.
  if (state.origin.kind === 'missed-group-call') {
    return accept({ ...ended, outcome: { status: { statusCode: '304' }, reason, durationSeconds } }, []);
  }
  if (state.handedOff) return accept({ ...ended, outcome: { reason, durationSeconds } }, []);
  if (!status && registeredAlone(state))
    status = { statusCode: 'OTHER', failedReason: answeredElsewhereFailedReason };
  if (!status || !ours) {
    return accept({ ...ended, outcome: { reason, durationSeconds } }, [
      { kind: 'hide', userIds: [context.userId] },
    ]);
  }
  const params: FinishParams = {
    USER_ID: context.userId,
    DURATION: durationSeconds,
    STATUS_CODE: status.statusCode,
    ...(status.failedReason ? { FAILED_REASON: status.failedReason.slice(0, 255) } : {}),
  };
  return accept({ ...ended, outcome: { status, reason, durationSeconds } }, [
    { kind: 'finish', params },
    ...leadForMissedCall(state, status.statusCode, context),
  ]);
}

/**
 * crmCreate.missed: an incoming call from the PBX that nobody answered gets a lead and a call-back
 * activity after its finish - unless `incoming` is on (Bitrix24 made the lead at the register).
 * Whether the register bound a CRM record, and whether the number is known by now, is decided
 * when the step is delivered (main/services/bitrix/missed-call-lead.ts).
 */
function leadForMissedCall(state: CallState, statusCode: string, context: LifecycleContext): BitrixStep[] {
  const wanted = context.crmCreate?.missed === true && context.crmCreate.incoming !== true;
  if (!wanted || statusCode !== '304' || state.origin.kind !== 'pbx' || state.direction !== 'incoming')
    return [];
  // Internal and undialable numbers ("anonymous") never make a lead.
  if (classifyNumber(state.remoteNumber, context.numberRules).kind !== 'external') return [];
  return [
    {
      kind: 'leadForMissedCall',
      params: {
        PHONE_NUMBER: numberForBitrix(state.remoteNumber, context.numberRules),
        USER_ID: context.userId,
        CALL_START_DATE: isoWithOffset(state.ringingAt, context.utcOffsetMinutes),
      },
    },
  ];
}

/** A call the relay coordinates: a ring group's (we claimed it, or joined) or one handed to us. */
function coordinated(origin: CallOrigin): boolean {
  return (
    origin.kind === 'ring-group' ||
    origin.kind === 'transfer' ||
    (origin.kind === 'pbx' && origin.ringGroupClaimant === true)
  );
}

/** A call only this app registered: no colleague's app has its CALL_ID to finish it. */
function registeredAlone(state: CallState): boolean {
  return state.origin.kind === 'pbx' && !state.origin.ringGroupClaimant;
}

function contradicts(state: CallState, reason: EndReason): string | null {
  const incoming = state.direction === 'incoming';
  switch (reason.kind) {
    case 'hangup':
      return state.answeredAt === undefined ? 'hangup of a call that was never answered' : null;
    case 'caller-cancelled':
    case 'declined':
      if (!incoming) return `${reason.kind} of an outgoing call`;
      return state.answeredAt !== undefined ? `${reason.kind} after the call was answered` : null;
    case 'cancelled':
    case 'rejected':
      if (incoming) return `${reason.kind} of an incoming call`;
      return state.answeredAt !== undefined ? `${reason.kind} after the call was answered` : null;
    case 'failed':
      return null;
  }
}

const originsByDirection: Record<CallDirection, ReadonlyArray<CallOrigin['kind']>> = {
  incoming: ['pbx', 'ring-group', 'transfer', 'missed-group-call'],
  outgoing: ['dialpad', 'click-to-call', 'callback', 'consultation'],
};

function startRinging(fact: RingingFact, context: LifecycleContext): Transition {
  const origin: CallOrigin = fact.origin ?? { kind: fact.direction === 'incoming' ? 'pbx' : 'dialpad' };
  if (!originsByDirection[fact.direction].includes(origin.kind))
    return refuse(`an ${fact.direction} call cannot come from ${origin.kind}`);
  const state: CallState = {
    callKey: fact.callKey,
    direction: fact.direction,
    origin,
    remoteNumber: fact.remoteNumber,
    phase: 'ringing',
    ringingAt: fact.at,
    lastFactAt: fact.at,
    ...outsideCrm(fact, origin),
  };
  const showOnRing = context.cardPolicy === 'on-ring';
  switch (origin.kind) {
    case 'click-to-call':
    case 'consultation':
    case 'missed-group-call':
      return accept(state, []);
    case 'ring-group':
    case 'transfer':
      return accept(state, showOnRing ? [{ kind: 'show', userIds: [context.userId] }] : []);
    case 'pbx':
    case 'dialpad':
    case 'callback':
      return accept(state, [{ kind: 'register', params: registration(fact, origin, context) }]);
  }
}

/** A consultation, or an agent-to-agent call we would otherwise register (click-to-call, ring-group
 * and callback calls are someone else's registration or the CRM's own request: they stay). */
function outsideCrm(fact: RingingFact, origin: CallOrigin): Pick<CallState, 'outsideCrm'> {
  if (origin.kind === 'consultation') return { outsideCrm: 'consultation' };
  const ours = origin.kind === 'pbx' || origin.kind === 'dialpad';
  return ours && fact.colleague ? { outsideCrm: 'colleague' } : {};
}

function registration(
  fact: RingingFact,
  origin: Extract<CallOrigin, { kind: 'pbx' | 'dialpad' | 'callback' }>,
  context: LifecycleContext,
): RegisterParams {
  const type: CallType =
    origin.kind === 'callback' ? 4 : origin.kind === 'dialpad' ? 1 : fact.redirected ? 3 : 2;
  const callbackLine = origin.kind === 'callback' ? origin.lineNumber : undefined;
  const line = callbackLine ?? fact.lineNumber ?? (context.defaultLineNumber || undefined);
  const crmEntity = origin.kind === 'callback' ? origin.crmEntity : undefined;
  return {
    USER_ID: context.userId,
    PHONE_NUMBER: numberForBitrix(fact.remoteNumber, context.numberRules),
    TYPE: type,
    CALL_START_DATE: isoWithOffset(fact.at, context.utcOffsetMinutes),
    EXTERNAL_CALL_ID: fact.pbxCallId ?? fact.sipCallId,
    SHOW: context.cardPolicy === 'on-ring' ? 1 : 0,
    CRM_CREATE: context.crmCreate?.[origin.kind === 'pbx' ? 'incoming' : 'outgoing'] ? 1 : 0,
    ...(line ? { LINE_NUMBER: line } : {}),
    ...(crmEntity ? { CRM_ENTITY_TYPE: crmEntity.type, CRM_ENTITY_ID: crmEntity.id } : {}),
  };
}

/** The Bitrix24 CALL_ID a call came with (click-to-call, ring group, transfer); ours come from register. */
export function presetCallId(origin: CallOrigin): string | undefined {
  return origin.kind === 'click-to-call' ||
    origin.kind === 'ring-group' ||
    origin.kind === 'transfer' ||
    origin.kind === 'missed-group-call'
    ? origin.callId
    : undefined;
}

function accept(state: CallState, steps: BitrixStep[]): Transition {
  return { ok: true, state, steps };
}

function refuse(reason: string): Transition {
  return { ok: false, reason };
}
