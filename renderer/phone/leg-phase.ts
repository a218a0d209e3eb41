/**
 * One call leg's life as the agent sees it (the SIP side; the call's life in Bitrix24 is
 * common/calls/call-lifecycle.ts's CallPhase, a different thing).
 *
 *   from                                  event       to
 *   ringing (incoming)                    answer      connecting
 *   connecting, calling (outgoing)        confirmed   active      (200 OK sent+ACK / 200 OK received)
 *   active                                held        held        (only once our hold re-INVITE succeeded)
 *   held                                  resumed     active      (only once our unhold re-INVITE succeeded)
 *   anything but ended                    ended       ended
 *
 * Anything else is refused (null) and leaves the leg as it is: a failed hold never shows "held".
 */
export type LegPhase = 'ringing' | 'calling' | 'connecting' | 'active' | 'held' | 'ended';

export type LegPhaseEvent = 'answer' | 'confirmed' | 'held' | 'resumed' | 'ended';

const transitions: Record<LegPhase, Partial<Record<LegPhaseEvent, LegPhase>>> = {
  ringing: { answer: 'connecting', ended: 'ended' },
  calling: { confirmed: 'active', ended: 'ended' },
  connecting: { confirmed: 'active', ended: 'ended' },
  active: { held: 'held', ended: 'ended' },
  held: { resumed: 'active', ended: 'ended' },
  ended: {},
};

export function nextLegPhase(phase: LegPhase, event: LegPhaseEvent): LegPhase | null {
  return transitions[phase][event] ?? null;
}

/** Phases in which the leg has media the agent can talk on (or is on hold). */
export function isConnected(phase: LegPhase): boolean {
  return phase === 'active' || phase === 'held';
}

/** Phases before the call was answered. */
export function isUnanswered(phase: LegPhase): boolean {
  return phase === 'ringing' || phase === 'calling' || phase === 'connecting';
}
