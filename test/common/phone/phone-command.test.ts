import { describe, expect, it } from 'vitest';
import { phoneCommandSchema } from '../../../common/phone/phone-command';

describe('phone command', () => {
  it('accepts the commands the host may push', () => {
    for (const command of [
      { kind: 'answer' },
      { kind: 'decline', callKey: 'k' },
      { kind: 'hangup', callKey: 'k' },
      { kind: 'dial', number: '+74951234567' },
      { kind: 'dial', number: '101' },
      { kind: 'set-dnd', on: true },
      { kind: 'sign-out' },
    ]) {
      expect(phoneCommandSchema.parse(command)).toEqual(command);
    }
  });

  it.each(['+7 495', 'sip:101@pbx', '101;user=phone', '', `+${'1'.repeat(19)}`, '٧٤٩'])(
    'refuses to carry %j as a number to dial',
    (number) => {
      expect(phoneCommandSchema.safeParse({ kind: 'dial', number }).success).toBe(false);
    },
  );
});
