import { describe, expect, it } from 'vitest';
import { phoneStateSchema } from '../../../common/phone/phone-state';

const call = { callKey: 'k', direction: 'incoming', state: 'ringing', remoteNumber: '+74951234567' };

describe('phone state', () => {
  it('accepts what the phone reports', () => {
    expect(
      phoneStateSchema.parse({ registration: 'registered', dnd: false, calls: [call] }).calls,
    ).toHaveLength(1);
  });

  it('refuses unknown states and an absurd number of calls', () => {
    expect(phoneStateSchema.safeParse({ registration: 'up', dnd: false, calls: [] }).success).toBe(false);
    expect(
      phoneStateSchema.safeParse({ registration: 'registered', dnd: false, calls: [{ ...call, state: 'x' }] })
        .success,
    ).toBe(false);
    expect(
      phoneStateSchema.safeParse({ registration: 'registered', dnd: false, calls: Array(9).fill(call) })
        .success,
    ).toBe(false);
  });
});
