/** A token bucket: `ratePerSecond` sustained, twice that in a burst. */
export class RateLimiter {
  #tokens: number;
  #at: number;

  constructor(
    private readonly ratePerSecond: number,
    now: number,
  ) {
    this.#tokens = ratePerSecond * 2;
    this.#at = now;
  }

  take(now: number): boolean {
    this.#tokens = Math.min(
      this.ratePerSecond * 2,
      this.#tokens + ((now - this.#at) / 1000) * this.ratePerSecond,
    );
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
