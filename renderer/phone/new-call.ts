import type { PhoneCall } from './phone';

/** A leg as it starts: ringing in from the PBX, or out from the dialpad, nothing else yet. */
export function newCall(id: string, direction: PhoneCall['direction'], remoteNumber: string): PhoneCall {
  return {
    id,
    direction,
    origin: direction === 'incoming' ? 'pbx' : 'dialpad',
    remoteNumber,
    phase: 'ringing',
    ringingAt: Date.now(),
    remoteRinging: false,
    remoteHold: false,
    muted: false,
    waiting: false,
    conference: false,
    signalling: 'ok',
  };
}
