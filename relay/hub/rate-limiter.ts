/** A token bucket: `ratePerSecond` sustained, `burst` at once (twice the rate unless said). */
export class RateLimiter {
  #tokens: number;
  #at: number;

  constructor(
    private readonly ratePerSecond: number,
    now: number,
    private readonly burst = ratePerSecond * 2,
  ) {
    this.#tokens = burst;
    this.#at = now;
  }

  take(now: number): boolean {
    this.#refill(now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** How full the bucket is, 0 (empty: its client is being limited) to 1 (forgetting it changes nothing). */
  fullness(now: number): number {
    this.#refill(now);
    return this.#tokens / this.burst;
  }

  #refill(now: number): void {
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#at) / 1000) * this.ratePerSecond);
    this.#at = Math.max(this.#at, now);
  }
}
