import type { CallFact, CallOrigin, EndReason } from '../../../../common/calls/call-fact';
import {
  answeredElsewhereFailedReason,
  recoveredFailedReason,
} from '../../../../common/calls/call-lifecycle';
import { numberForBitrix } from '../../../../common/phone/phone-number';
import { isoWithOffset } from '../../../../common/time/iso-with-offset';
import type { PortalCall, SandboxPortal } from './sandbox-portal';

/** What the portal must hold for one call once everything is delivered. */
export interface ExpectedCall {
  label: string;
  /** Our registration's EXTERNAL_CALL_ID; absent for a call Bitrix24 registered (click-to-call). */
  externalCallId?: string;
  /** The CALL_ID a click-to-call came with. */
  presetCallId?: string;
  userId: number;
  phoneNumber: string;
  type: 1 | 2 | 4;
  /** CALL_START_DATE as sent: ISO-8601 with the offset of the machine's zone at ring time. */
  callStartDate: string;
  /** The finish: every call this app registers alone is finished, whatever happened to it. */
  finish: {
    DURATION: number | { min: number; max: number };
    STATUS_CODE: string;
    FAILED_REASON?: string;
  };
  /** Whether the number is a CRM contact, so the finish makes an activity. */
  activity: boolean;
}

export interface ScriptedCall {
  callKey: string;
  facts: CallFact[];
  expected: ExpectedCall;
}

/** Numbers of the emulator's seeded CRM, and numbers it does not know. */
export const crmNumbers = ['+79161234567', '+79265550011', '+74950001122'];
export const unknownNumbers = ['+79990001122', '+79990003344', '+12025550143'];

export type Scenario =
  | 'answered-incoming'
  | 'answered-outgoing'
  | 'missed'
  | 'declined'
  | 'busy-outgoing'
  | 'cancelled-outgoing'
  | 'answered-elsewhere'
  | 'held-and-resumed'
  | 'transferred'
  | 'callback';

export const scenarios: readonly Scenario[] = [
  'answered-incoming',
  'answered-outgoing',
  'missed',
  'declined',
  'busy-outgoing',
  'cancelled-outgoing',
  'answered-elsewhere',
  'held-and-resumed',
  'transferred',
  'callback',
];

export interface ScriptInput {
  scenario: Scenario;
  callKey: string;
  userId: number;
  number: string;
  ringingAt: number;
  /** Ring time before answer or end, and talk time, in ms. */
  ringMs?: number;
  talkMs?: number;
}

/** The facts the phone reports for a scenario, and what the portal must end up with. */
export function script(input: ScriptInput): ScriptedCall {
  const { scenario, callKey, userId, number, ringingAt } = input;
  const ringMs = input.ringMs ?? 4_000;
  const talkMs = input.talkMs ?? 61_000;
  const outgoing = ['answered-outgoing', 'busy-outgoing', 'cancelled-outgoing', 'callback'].includes(
    scenario,
  );
  const origin: CallOrigin | undefined =
    scenario === 'callback'
      ? { kind: 'callback', crmEntity: { type: 'CONTACT', id: 1 }, lineNumber: '74951230000' }
      : undefined;
  const sipCallId = `${callKey}@sip.test`;
  const facts: CallFact[] = [
    {
      type: 'ringing',
      callKey,
      direction: outgoing ? 'outgoing' : 'incoming',
      sipCallId,
      remoteNumber: number,
      at: ringingAt,
      ...(origin ? { origin } : {}),
    },
  ];
  const answeredAt = ringingAt + ringMs;
  const talked = (endedAt: number) => Math.round((endedAt - answeredAt) / 1000);
  const end = (at: number, reason: EndReason) => facts.push({ type: 'ended', callKey, reason, at });
  let finish: ExpectedCall['finish'];
  switch (scenario) {
    case 'answered-incoming':
    case 'answered-outgoing':
    case 'callback':
      facts.push({ type: 'answered', callKey, at: answeredAt });
      end(answeredAt + talkMs, { kind: 'hangup', by: 'remote' });
      finish = { DURATION: talked(answeredAt + talkMs), STATUS_CODE: '200' };
      break;
    case 'held-and-resumed':
      facts.push({ type: 'answered', callKey, at: answeredAt });
      facts.push({ type: 'held', callKey, at: answeredAt + Math.round(talkMs * 0.2) });
      facts.push({ type: 'resumed', callKey, at: answeredAt + Math.round(talkMs * 0.5) });
      end(answeredAt + talkMs, { kind: 'hangup', by: 'local' });
      finish = { DURATION: talked(answeredAt + talkMs), STATUS_CODE: '200' };
      break;
    case 'transferred':
      facts.push({ type: 'answered', callKey, at: answeredAt });
      facts.push({
        type: 'transferred',
        callKey,
        target: { number: '102', userId: 3 },
        at: answeredAt + talkMs,
      });
      end(answeredAt + talkMs + 800, { kind: 'hangup', by: 'remote' });
      finish = { DURATION: talked(answeredAt + talkMs), STATUS_CODE: '200' };
      break;
    case 'missed':
      end(ringingAt + ringMs, { kind: 'caller-cancelled', completedElsewhere: false });
      finish = { DURATION: 0, STATUS_CODE: '304' };
      break;
    case 'answered-elsewhere':
      end(ringingAt + ringMs, { kind: 'caller-cancelled', completedElsewhere: true });
      // Registered by this app alone: nobody else can finish it.
      finish = { DURATION: 0, STATUS_CODE: 'OTHER', FAILED_REASON: answeredElsewhereFailedReason };
      break;
    case 'declined':
      end(ringingAt + ringMs, { kind: 'declined', sipCode: 603 });
      finish = { DURATION: 0, STATUS_CODE: '603' };
      break;
    case 'busy-outgoing':
      end(ringingAt + ringMs, { kind: 'rejected', sipCode: 486, reasonPhrase: 'Busy Here' });
      finish = { DURATION: 0, STATUS_CODE: '486' };
      break;
    case 'cancelled-outgoing':
      end(ringingAt + ringMs, { kind: 'cancelled' });
      finish = { DURATION: 0, STATUS_CODE: '603-S' };
      break;
  }
  return {
    callKey,
    facts,
    expected: {
      label: `${scenario} ${callKey}`,
      externalCallId: sipCallId,
      userId,
      phoneNumber: numberForBitrix(number),
      type: scenario === 'callback' ? 4 : outgoing ? 1 : 2,
      callStartDate: isoWithOffset(ringingAt),
      finish,
      activity: finish !== null && (crmNumbers.includes(numberForBitrix(number)) || scenario === 'callback'),
    },
  };
}

/** What the portal must hold for a call the host closed at restart (it died mid-call). */
export function recoveredExpectation(
  call: ScriptedCall,
  phase: 'ringing' | 'answered',
  talkSeconds: number | { min: number; max: number },
): ExpectedCall {
  const incoming = call.expected.type === 2;
  return {
    ...call.expected,
    label: `${call.expected.label} (recovered while ${phase})`,
    finish:
      phase === 'answered'
        ? { DURATION: talkSeconds, STATUS_CODE: '200', FAILED_REASON: recoveredFailedReason }
        : { DURATION: 0, STATUS_CODE: incoming ? '304' : 'OTHER', FAILED_REASON: recoveredFailedReason },
    // Finished now even if it was to be only hidden: an activity whenever the call has a CRM entity.
    activity: call.expected.type === 4 || crmNumbers.includes(call.expected.phoneNumber),
  };
}

/**
 * Everything wrong between what the portal holds and what it should: a call missing, registered
 * twice, finished twice or not at all, left open, or with the wrong start, duration or status.
 * Empty when the invariant holds.
 */
export async function portalProblems(
  portal: SandboxPortal,
  expected: readonly ExpectedCall[],
): Promise<string[]> {
  const calls = await portal.calls();
  const problems: string[] = [];
  const claimed = new Set<PortalCall>();
  for (const want of expected) {
    const matching = calls.filter((call) =>
      want.presetCallId
        ? call.CALL_ID === want.presetCallId
        : call.register.EXTERNAL_CALL_ID === want.externalCallId,
    );
    if (matching.length === 0) {
      problems.push(`${want.label}: missing`);
      continue;
    }
    if (matching.length > 1) problems.push(`${want.label}: registered ${matching.length} times`);
    const call = matching[0]!;
    claimed.add(call);
    const fresh = call.registerRequests.filter((request) => !request.deduplicated);
    if (fresh.length !== 1 && !want.presetCallId)
      problems.push(`${want.label}: ${fresh.length} new registrations`);
    if (!want.presetCallId) {
      const sent = call.register;
      if (sent.CALL_START_DATE !== want.callStartDate)
        problems.push(
          `${want.label}: CALL_START_DATE ${sent.CALL_START_DATE}, expected ${want.callStartDate}`,
        );
      if (Date.parse(call.callStartDate) !== Date.parse(want.callStartDate))
        problems.push(`${want.label}: portal read the start as ${call.callStartDate}`);
      if (Number(sent.TYPE) !== want.type) problems.push(`${want.label}: TYPE ${sent.TYPE}`);
      if (sent.PHONE_NUMBER !== want.phoneNumber)
        problems.push(`${want.label}: PHONE_NUMBER ${sent.PHONE_NUMBER}`);
      if (Number(sent.USER_ID) !== want.userId) problems.push(`${want.label}: USER_ID ${sent.USER_ID}`);
    }
    const finishes = call.finishRequests.filter((request) => request.outcome === 'ok');
    if (finishes.length !== 1) {
      problems.push(
        `${want.label}: finished ${finishes.length} times${call.finishedAt ? '' : ' (left open)'}`,
      );
      continue;
    }
    const finish = call.finish ?? {};
    const duration = Number(finish.DURATION);
    const range =
      typeof want.finish.DURATION === 'number'
        ? { min: want.finish.DURATION, max: want.finish.DURATION }
        : want.finish.DURATION;
    if (duration < range.min || duration > range.max)
      problems.push(`${want.label}: DURATION ${duration}, expected ${range.min}..${range.max}`);
    if (finish.STATUS_CODE !== want.finish.STATUS_CODE)
      problems.push(`${want.label}: STATUS_CODE ${finish.STATUS_CODE}, expected ${want.finish.STATUS_CODE}`);
    if ((finish.FAILED_REASON ?? undefined) !== want.finish.FAILED_REASON)
      problems.push(
        `${want.label}: FAILED_REASON ${finish.FAILED_REASON}, expected ${want.finish.FAILED_REASON}`,
      );
    if (Number(finish.USER_ID) !== want.userId)
      problems.push(`${want.label}: finished as user ${finish.USER_ID}`);
    if (want.activity !== (call.activity !== null))
      problems.push(
        `${want.label}: ${call.activity ? 'an activity' : 'no activity'}, expected ${want.activity ? 'one' : 'none'}`,
      );
    if (call.cardsShownTo.length > 0)
      problems.push(`${want.label}: cards still shown to ${call.cardsShownTo.join(',')}`);
  }
  for (const call of calls) {
    if (!claimed.has(call) && call.source !== 'click-to-call')
      problems.push(`unexpected call ${call.CALL_ID} (EXTERNAL_CALL_ID ${call.register.EXTERNAL_CALL_ID})`);
  }
  return problems;
}
