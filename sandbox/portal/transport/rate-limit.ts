import type { RateLimitConfig } from '../config';

interface Bucket {
  level: number;
  updatedAt: number;
}

/**
 * Bitrix24's request-intensity limit: a leaky bucket per portal and source IP. Each request adds
 * one; the level drains by `drainPerSecond`; a request arriving when the level has reached `burst`
 * is refused with 503 QUERY_LIMIT_EXCEEDED. Every agent behind one office NAT shares one bucket.
 */
export class LeakyBuckets {
  readonly #buckets = new Map<string, Bucket>();

  /** Counts a request from `key` at `now`; false when it must be refused. */
  admit(key: string, now: number, config: RateLimitConfig): boolean {
    if (!config.enabled) return true;
    const bucket = this.#drained(key, now, config);
    const admitted = bucket.level + 1 <= config.burst;
    if (admitted || config.countRefused) bucket.level += 1;
    return admitted;
  }

  /** Current levels, for /_sandbox/ratelimit. */
  levels(now: number, config: RateLimitConfig): Record<string, number> {
    const result: Record<string, number> = {};
    for (const key of this.#buckets.keys())
      result[key] = Number(this.#drained(key, now, config).level.toFixed(3));
    return result;
  }

  clear(): void {
    this.#buckets.clear();
  }

  #drained(key: string, now: number, config: RateLimitConfig): Bucket {
    const bucket = this.#buckets.get(key) ?? { level: 0, updatedAt: now };
    const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.level = Math.max(0, bucket.level - elapsed * config.drainPerSecond);
    bucket.updatedAt = now;
    this.#buckets.set(key, bucket);
    return bucket;
  }
}
