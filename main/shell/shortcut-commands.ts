import type { PhoneCommand } from '../../common/phone/phone-command';
import type { PhoneState } from '../../common/phone/phone-state';
import { ringingIncomingCalls } from './incoming-call-alerts';

export type ShortcutAction = 'answer' | 'hangUp';

/**
 * What a global shortcut means right now. Answer picks the oldest ringing incoming call; Hang up
 * ends the oldest call in progress, or declines a ringing one when nothing else is up, so one key
 * always "gets rid of" the call in front of the agent. Null: nothing to do.
 */
export function commandForShortcut(action: ShortcutAction, state: PhoneState): PhoneCommand | null {
  const ringing = ringingIncomingCalls(state)[0];
  if (action === 'answer') return ringing ? { kind: 'answer', callKey: ringing.callKey } : null;
  const inProgress = state.calls.find((call) => !(call.direction === 'incoming' && call.state === 'ringing'));
  if (inProgress) return { kind: 'hangup', callKey: inProgress.callKey };
  return ringing ? { kind: 'decline', callKey: ringing.callKey } : null;
}
