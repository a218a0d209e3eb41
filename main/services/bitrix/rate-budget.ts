import { TokenBucket } from '../../../common/outbox/token-bucket';

export interface RateBudgetOptions {
  /** Requests the portal lets through at once (Bitrix24: 50; Enterprise 250). */
  burst?: number;
  /** Requests per second it drains (Bitrix24: 2; Enterprise 5). */
  perSecond?: number;
  now?: () => number;
}

/**
 * The app's one rate budget for its portal: every REST request of every service of this app
 * waits here for a token before it leaves, so the app as a whole never goes beyond the portal's
 * leaky bucket (docs/bitrix24-contract.md#errors-and-limits). One batch of 50 commands is one request.
 * Waiters are served first come, first served. When the portal answers 503 QUERY_LIMIT_EXCEEDED
 * anyway (other agents behind the same office address share its bucket), `exhausted()` empties
 * ours so we wait for the portal to drain instead of adding to a 503 storm.
 */
export class RateBudget {
  readonly #bucket: TokenBucket;
  readonly #now: () => number;
  readonly #waiters: Array<() => void> = [];
  #timer: NodeJS.Timeout | null = null;

  constructor(options: RateBudgetOptions = {}) {
    this.#now = options.now ?? Date.now;
    const burst = options.burst ?? 50;
    // A few tokens short of the portal's burst: a request reaches the portal a little after it
    // took its token, and uneven delays would otherwise let two arrive closer than the drain allows.
    const capacity = Math.max(1, burst - Math.max(1, Math.round(burst * 0.05)));
    this.#bucket = new TokenBucket(capacity, options.perSecond ?? 2, this.#now());
  }

  /** Resolves when a request may leave, having taken its token. */
  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
      this.#serve();
    });
  }

  /** The portal refused a request for its rate limit: take every token we thought we had. */
  exhausted(): void {
    this.#bucket.drain(this.#now());
  }

  /** Tokens available now (for status and tests). */
  available(): number {
    return this.#bucket.available(this.#now());
  }

  #serve(): void {
    if (this.#timer) return;
    while (this.#waiters.length > 0) {
      const now = this.#now();
      if (!this.#bucket.take(now)) {
        this.#timer = setTimeout(() => {
          this.#timer = null;
          this.#serve();
        }, this.#bucket.waitMs(now));
        return;
      }
      this.#waiters.shift()!();
    }
  }
}
