import type { PhoneCall } from '../../../renderer/phone/phone';

/** A call as the renderer's phone holds it: ringing in from +74951234567, changed by `change`. */
export function phoneCall(id: string, change: Partial<PhoneCall>): PhoneCall {
  return {
    id,
    direction: 'incoming',
    origin: 'pbx',
    remoteNumber: '+74951234567',
    phase: 'ringing',
    ringingAt: 1,
    remoteRinging: false,
    remoteHold: false,
    muted: false,
    waiting: false,
    conference: false,
    signalling: 'ok',
    ...change,
  };
}
