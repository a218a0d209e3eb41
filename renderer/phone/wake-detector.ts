/**
 * Notices that the machine slept: a timer that should tick every `tickMs` arrives much later. The
 * OS may have dropped the WebSocket while asleep without the page ever seeing it close, so the
 * phone checks its registration at once instead of waiting for the next refresh. The desktop
 * shell also reports resume (`system/changed`); this covers the web host and missed events.
 */
export class WakeDetector {
  #timer: ReturnType<typeof setInterval> | undefined;
  #last = 0;

  constructor(
    private readonly onWake: (sleptMs: number) => void,
    private readonly tickMs = 2_000,
    private readonly thresholdMs = 15_000,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.stop();
    this.#last = this.now();
    this.#timer = setInterval(() => this.tick(), this.tickMs);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One tick (the interval calls it; tests call it directly). */
  tick(): void {
    const now = this.now();
    const gap = now - this.#last;
    this.#last = now;
    if (gap > this.thresholdMs) this.onWake(gap - this.tickMs);
  }
}
