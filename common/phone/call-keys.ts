import type { PhoneCommand } from './phone-command';
import type { PhoneCall, PhoneState } from './phone-state';

/**
 * What a key that is not aimed at one call means for the calls up now: the desktop's global
 * Answer and Hang up shortcuts, and a headset's call button (which reaches the window as a media
 * key). Answer picks the oldest ringing incoming call; Hang up ends the oldest call in progress,
 * or declines a ringing one when nothing else is up, so one key always "gets rid of" the call in
 * front of the agent. The call button is both, as on a desk phone's headset: it answers while a
 * call rings (a call in progress is put on hold by the answer), else it hangs up.
 */
export type CallKey = 'answer' | 'hangUp' | 'callButton';

export function ringingIncomingCalls(state: PhoneState): PhoneCall[] {
  return state.calls.filter((call) => call.direction === 'incoming' && call.state === 'ringing');
}

/** The command a key stands for right now; null: nothing to do. */
export function commandForCallKey(key: CallKey, state: PhoneState): PhoneCommand | null {
  const ringing = ringingIncomingCalls(state)[0];
  if (key === 'answer') return ringing ? { kind: 'answer', callKey: ringing.callKey } : null;
  if (key === 'callButton' && ringing) return { kind: 'answer', callKey: ringing.callKey };
  const inProgress = state.calls.find((call) => !(call.direction === 'incoming' && call.state === 'ringing'));
  if (inProgress) return { kind: 'hangup', callKey: inProgress.callKey };
  return ringing ? { kind: 'decline', callKey: ringing.callKey } : null;
}
