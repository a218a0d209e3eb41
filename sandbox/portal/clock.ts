/**
 * Every time-based rule of the emulator (token lifetime, the 30-second authorization code, the
 * 30-minute re-registration window, the rate-limit drain) reads this clock, so tests move time
 * forward instead of sleeping. Wall-clock waits that model the network (the `delayMs` fault, event
 * delivery timeouts) use real timers on purpose.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: `advance(ms)` or `set(ms)`. */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: number = Date.UTC(2026, 2, 10, 8, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += ms;
  }

  set(ms: number): void {
    this.#now = ms;
  }
}
