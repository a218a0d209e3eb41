import type { EndReason } from './call-fact';

/**
 * STATUS_CODE for `telephony.externalCall.finish`, per docs/ARCHITECTURE.md#domain-rules.
 *
 * | how the call ended                                | STATUS_CODE | FAILED_REASON      |
 * |---------------------------------------------------|-------------|--------------------|
 * | answered, then hung up by either side             | 200         |                    |
 * | incoming, caller gave up / nobody answered        | 304         |                    |
 * | incoming, answered on another device              | no finish (only hide) when a     |
 * |                                                   | colleague's app finishes it;     |
 * |                                                   | registered alone: OTHER, "Answered on another phone" (call-lifecycle.ts) |
 * | incoming, declined by the agent                   | 603         |                    |
 * | incoming, refused as busy / DND (SIP 486 or 600)  | 486         |                    |
 * | outgoing, cancelled by the agent                  | 603-S       |                    |
 * | outgoing, SIP 486 or 600                          | 486         |                    |
 * | outgoing, SIP 404 or 604                          | 404         |                    |
 * | outgoing, SIP 484                                 | 484         |                    |
 * | outgoing, SIP 480 or 408                          | 480         |                    |
 * | outgoing, SIP 403                                 | 403         |                    |
 * | outgoing, SIP 402                                 | 402         |                    |
 * | outgoing, SIP 500, 502 or 503                     | 503         |                    |
 * | anything else                                     | OTHER       | the SIP reason     |
 */
export type FinishStatusCode =
  '200' | '304' | '603' | '603-S' | '486' | '404' | '484' | '480' | '403' | '402' | '503' | 'OTHER';

export interface FinishStatus {
  statusCode: FinishStatusCode;
  failedReason?: string;
}

/** SIP final responses that Bitrix24 has a status code of its own for. */
const sipToStatus: ReadonlyMap<number, FinishStatusCode> = new Map([
  [486, '486'],
  [600, '486'],
  [404, '404'],
  [604, '404'],
  [484, '484'],
  [480, '480'],
  [408, '480'],
  [403, '403'],
  [402, '402'],
  [500, '503'],
  [502, '503'],
  [503, '503'],
]);

/**
 * The finish status for a call that ended for `reason`; `null` when it was answered elsewhere: who
 * finishes it then depends on who registered it (common/calls/call-lifecycle.ts).
 */
export function finishStatusFor(reason: EndReason): FinishStatus | null {
  switch (reason.kind) {
    case 'hangup':
      return { statusCode: '200' };
    case 'caller-cancelled':
      return reason.completedElsewhere ? null : { statusCode: '304' };
    case 'declined':
      return { statusCode: reason.sipCode === 486 || reason.sipCode === 600 ? '486' : '603' };
    case 'cancelled':
      return { statusCode: '603-S' };
    case 'rejected': {
      const mapped = sipToStatus.get(reason.sipCode);
      if (mapped) return { statusCode: mapped };
      return { statusCode: 'OTHER', failedReason: reason.reasonPhrase || `SIP ${reason.sipCode}` };
    }
    case 'failed':
      return { statusCode: 'OTHER', failedReason: reason.reasonPhrase };
  }
}
