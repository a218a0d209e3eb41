import type { PhoneCall, PhoneState } from '../../../common/phone/phone-state';

/** Phone states the shell's tests feed in, as the renderer would report them. */
export const registered: PhoneState = { registration: 'registered', dnd: false, calls: [] };

export function ringing(callKey: string, extra: Partial<PhoneCall> = {}): PhoneCall {
  return { callKey, direction: 'incoming', state: 'ringing', remoteNumber: '+74951234567', ...extra };
}

export function withCalls(...calls: PhoneCall[]): PhoneState {
  return { ...registered, calls };
}
