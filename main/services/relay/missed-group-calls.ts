import type { HubNotice } from '../../../common/relay/hub-protocol';
import type { CallTracker } from '../calls/call-tracker';
import type { Logger } from '../log/logger';

export type MissedCallNotice = Extract<HubNotice, { kind: 'missed-call' }>;

/**
 * A ring-group call the relay finished as missed under this agent (the portal's responsible user)
 * goes into the journal as a missed call of this agent: it rang, then the caller gave up. Bitrix24
 * already has it, so the lifecycle sends nothing (origin `missed-group-call`). Returns the call's
 * key, or null when the journal refused it (a notice heard twice: the call is there already).
 */
export function journalMissedGroupCall(
  notice: MissedCallNotice,
  tracker: CallTracker,
  log: Logger,
): string | null {
  const callKey = `missed-group-call:${notice.callId}`;
  const ringing = tracker.report({
    type: 'ringing',
    callKey,
    direction: 'incoming',
    sipCallId: notice.callId,
    remoteNumber: notice.phoneNumber,
    origin: { kind: 'missed-group-call', callId: notice.callId },
    at: notice.missedAt,
  });
  if (!ringing.accepted) {
    log.warn({ callId: notice.callId, reason: ringing.reason }, 'missed group call not journaled');
    return null;
  }
  tracker.report({
    type: 'ended',
    callKey,
    reason: { kind: 'caller-cancelled', completedElsewhere: false },
    at: notice.missedAt,
  });
  log.info({ callId: notice.callId }, 'missed group call journaled for this agent');
  return callKey;
}
