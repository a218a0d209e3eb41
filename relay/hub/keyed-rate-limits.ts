import { RateLimiter } from './rate-limiter';

/**
 * Token buckets by key (a session, a source address), remembering at most `maxKeys` of them. When
 * the table is full, the fullest buckets are forgotten first: every refilled one (forgetting it
 * changes nothing), then as many of the fullest as bring the table down to nine tenths. A client
 * being limited has an empty bucket and is the last to be forgotten, so nobody's limit is reset
 * because others filled the table; the sweep runs at most once per tenth of `maxKeys` new keys.
 */
export class KeyedRateLimits {
  /** In order of last use, oldest first (a used key is moved to the end). */
  readonly #buckets = new Map<string, RateLimiter>();

  constructor(private readonly options: { ratePerSecond: number; burst?: number; maxKeys: number }) {}

  /** Takes one request from `key`'s bucket; false when it is empty. */
  take(key: string, now: number): boolean {
    let bucket = this.#buckets.get(key);
    if (bucket) this.#buckets.delete(key);
    else {
      this.#makeRoom(now);
      bucket = new RateLimiter(this.options.ratePerSecond, now, this.options.burst);
    }
    this.#buckets.set(key, bucket);
    return bucket.take(now);
  }

  get size(): number {
    return this.#buckets.size;
  }

  #makeRoom(now: number): void {
    const { maxKeys } = this.options;
    if (this.#buckets.size < maxKeys) return;
    const keep = Math.min(maxKeys - 1, Math.floor(maxKeys * 0.9));
    // Fullest first; among equally full ones the least recently used (sort is stable).
    const byFullness = [...this.#buckets]
      .map(([key, bucket]) => ({ key, fullness: bucket.fullness(now) }))
      .sort((a, b) => b.fullness - a.fullness);
    for (const { key, fullness } of byFullness) {
      if (fullness < 1 && this.#buckets.size <= keep) break;
      this.#buckets.delete(key);
    }
  }
}
