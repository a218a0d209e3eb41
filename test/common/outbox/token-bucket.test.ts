import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../common/outbox/token-bucket';

describe('token bucket', () => {
  it('lets a burst through, then one request per 1/rate seconds', () => {
    const bucket = new TokenBucket(50, 2, 0);
    for (let i = 0; i < 50; i++) expect(bucket.take(0)).toBe(true);
    expect(bucket.take(0)).toBe(false);
    expect(bucket.waitMs(0)).toBe(500);
    expect(bucket.take(499)).toBe(false);
    expect(bucket.take(500)).toBe(true);
    expect(bucket.waitMs(500)).toBe(500);
  });

  it('never holds more than its capacity', () => {
    const bucket = new TokenBucket(3, 2, 0);
    expect(bucket.available(1_000_000)).toBe(3);
  });

  it('empties when the portal says its bucket is full', () => {
    const bucket = new TokenBucket(50, 2, 0);
    bucket.drain(0);
    expect(bucket.take(0)).toBe(false);
    expect(bucket.waitMs(0)).toBe(500);
  });

  it('never exceeds the portal leaky bucket over a long random run', () => {
    // The portal's leaky bucket (burst 50, 2/s) fed by every request the token bucket admits.
    const bucket = new TokenBucket(50, 2, 0);
    let level = 0;
    let at = 0;
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 10_000; i++) {
      const next = at + Math.floor(random() * 400);
      level = Math.max(0, level - ((next - at) / 1000) * 2);
      at = next;
      if (bucket.take(at)) {
        level += 1;
        expect(level).toBeLessThanOrEqual(50 + 1e-9);
      }
    }
  });
});
