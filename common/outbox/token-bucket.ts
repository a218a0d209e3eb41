/**
 * The portal's rate budget as a token bucket, mirroring Bitrix24's leaky bucket (burst 50,
 * drains 2 per second, counted per portal and source IP): one request takes one token (a batch
 * of 50 commands too), tokens come back at `refillPerSecond`. Pure: the caller passes the time.
 */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    now: number,
    initialTokens = capacity,
  ) {
    if (capacity < 1 || refillPerSecond <= 0)
      throw new Error('A token bucket needs capacity >= 1 and a refill rate');
    this.#tokens = Math.min(capacity, initialTokens);
    this.#at = now;
  }

  /** Tokens available at `now` (fractional while refilling). */
  available(now: number): number {
    this.#refill(now);
    return this.#tokens;
  }

  /** Milliseconds until one token is available; 0 when one is available now. */
  waitMs(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) / this.refillPerSecond) * 1000);
  }

  /** Takes a token if one is available. */
  take(now: number): boolean {
    this.#refill(now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** The portal said its bucket is full (503 QUERY_LIMIT_EXCEEDED): ours must be empty too. */
  drain(now: number): void {
    this.#refill(now);
    this.#tokens = 0;
  }

  #refill(now: number): void {
    if (now > this.#at) {
      this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#at) / 1000) * this.refillPerSecond);
      this.#at = now;
    }
  }
}
