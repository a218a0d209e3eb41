import { describe, expect, it } from 'vitest';
import { isoWithOffset } from '../../../common/time/iso-with-offset';

describe('isoWithOffset', () => {
  const instant = Date.UTC(2026, 10, 21, 6, 15, 2, 789);

  it('writes the local wall time with a positive offset', () => {
    expect(isoWithOffset(instant, 180)).toBe('2026-11-21T09:15:02+03:00');
  });
  it('writes negative and half-hour offsets', () => {
    expect(isoWithOffset(instant, -330)).toBe('2026-11-21T00:45:02-05:30');
    expect(isoWithOffset(instant, 0)).toBe('2026-11-21T06:15:02+00:00');
  });
  it('names the same instant whatever the offset', () => {
    for (const offset of [-720, -60, 0, 330, 840]) {
      expect(Date.parse(isoWithOffset(instant, offset))).toBe(instant - 789);
    }
  });
  it('uses the machine zone by default', () => {
    expect(Date.parse(isoWithOffset(instant))).toBe(instant - 789);
  });
});
