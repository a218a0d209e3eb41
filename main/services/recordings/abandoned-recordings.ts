import type { RecordingStore } from './recording-store';

/**
 * The renderer finishes a leg's recording right after the hangup; if it never does (it went
 * away), the host closes the file itself this long after the call ended.
 */
export class AbandonedRecordings {
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly recordings: RecordingStore,
    private readonly abandonAfterMs = 30_000,
  ) {}

  callEnded(callKey: string): void {
    this.recordings.callEnded(callKey);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.recordings.abandon(callKey);
    }, this.abandonAfterMs);
    timer.unref();
    this.#timers.add(timer);
  }

  stop(): void {
    for (const timer of this.#timers) clearTimeout(timer);
  }
}
