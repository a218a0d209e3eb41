import { isConnected, type LegPhase } from './leg-phase';
import type { Tone } from './tone-player';

/** What the tone depends on in one leg that has not ended. */
export interface ToneLeg {
  phase: LegPhase;
  autoAnswerAt?: number | undefined;
  remoteRinging: boolean;
  /** Outgoing: the far end sends its own ringback (183 with SDP). */
  earlyMedia: boolean;
}

/** A call answered by itself this soon does not ring (no half-second burst before it is taken). */
const silentAutoAnswerMs = 500;

/**
 * The one tone the lines play, first row that applies (`null`: silence):
 *
 *   the legs                                                          tone
 *   one rings (not about to be auto-answered), another talks          call-waiting
 *   one rings (not about to be auto-answered)                         ringtone
 *   an outgoing one rings at the far end, which sends no early media  ringback
 *   anything else                                                     none
 *
 * "Talks" is connecting, active or held.
 */
export function lineTone(legs: readonly ToneLeg[], now: number): Tone | null {
  const ringing = legs.some(
    (leg) =>
      leg.phase === 'ringing' &&
      !(leg.autoAnswerAt !== undefined && leg.autoAnswerAt <= now + silentAutoAnswerMs),
  );
  const talking = legs.some((leg) => isConnected(leg.phase) || leg.phase === 'connecting');
  if (ringing) return talking ? 'call-waiting' : 'ringtone';
  if (legs.some((leg) => leg.phase === 'calling' && leg.remoteRinging && !leg.earlyMedia)) return 'ringback';
  return null;
}
