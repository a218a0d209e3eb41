import { describe, expect, it } from 'vitest';
import { backoffDelay, networkBackoff, refusalBackoff } from '../../../renderer/phone/backoff';

describe('backoffDelay', () => {
  it('doubles from the first delay up to the cap', () => {
    const noJitter = () => 0;
    expect(
      [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(networkBackoff, attempt, noJitter)),
    ).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
  });

  it('shortens each delay by up to the jitter, never lengthens it', () => {
    expect(backoffDelay(networkBackoff, 1, () => 1)).toBe(700);
    expect(backoffDelay(networkBackoff, 20, () => 1)).toBe(42_000);
    for (let index = 0; index < 100; index += 1) {
      const delay = backoffDelay(networkBackoff, 3);
      expect(delay).toBeGreaterThanOrEqual(2_800);
      expect(delay).toBeLessThanOrEqual(4_000);
    }
  });

  it('spreads agents who failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(networkBackoff, 2)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it('asks rarely after a refusal', () => {
    expect(backoffDelay(refusalBackoff, 1, () => 0)).toBe(60_000);
    expect(backoffDelay(refusalBackoff, 10, () => 0)).toBe(600_000);
  });

  it('treats nonsense attempts as the first', () => {
    expect(backoffDelay(networkBackoff, 0, () => 0)).toBe(1_000);
    expect(backoffDelay(networkBackoff, -3, () => 0)).toBe(1_000);
  });
});
