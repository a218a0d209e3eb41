import { describe, expect, it } from 'vitest';
import { systemEventSchema } from '../../../common/system/system-event';

describe('system event', () => {
  it('names the machine changes the phone reacts to', () => {
    expect(systemEventSchema.parse({ kind: 'resume', at: 5 })).toEqual({ kind: 'resume', at: 5 });
    expect(systemEventSchema.safeParse({ kind: 'reboot', at: 5 }).success).toBe(false);
  });
});
