import { describe, expect, it } from 'vitest';
import { refreshDelayMs } from '../../../renderer/phone/refresh-schedule';

describe('refreshDelayMs', () => {
  it.each([
    [3600, 3_240_000],
    [300, 270_000],
    [120, 90_000],
    [60, 30_000],
    [30, 15_000],
    [10, 5_000],
  ])('refreshes a %i s registration after %i ms', (expires, delay) => {
    expect(refreshDelayMs(expires)).toBe(delay);
  });

  it('always leaves at least 30 s or 10 % in hand, and half of a short lifetime', () => {
    for (let expires = 1; expires <= 7200; expires += 7) {
      const delay = refreshDelayMs(expires);
      const left = expires * 1000 - delay;
      expect(left).toBeGreaterThanOrEqual(Math.min(30_000, expires * 500));
      expect(left).toBeGreaterThanOrEqual(expires * 100 - 1);
      expect(delay).toBeGreaterThanOrEqual(expires * 500 - 1);
    }
  });
});
