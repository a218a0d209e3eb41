import { newCall } from '../../../renderer/phone/new-call';
import type { PhoneCall } from '../../../renderer/phone/phone';

/** A call as the renderer's phone holds it: ringing in from +74951234567, changed by `change`. */
export function phoneCall(id: string, change: Partial<PhoneCall>): PhoneCall {
  return { ...newCall(id, 'incoming', '+74951234567'), ringingAt: 1, ...change };
}
