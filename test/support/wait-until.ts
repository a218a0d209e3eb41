/**
 * Polls `probe` until `done` holds for what it returns. No clock of its own: a busy machine is
 * slow, not wrong, so the test's timeout bounds the wait. `signal` is the test's (vitest aborts it
 * when the test times out): the polling stops then, with what was last seen, instead of running on
 * into the next test.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T> | T,
  done: (value: T) => boolean,
  signal: AbortSignal,
): Promise<T> {
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (signal.aborted)
      throw new Error(`gave up waiting for ${what}: ${JSON.stringify(value).slice(0, 1500)}`, {
        cause: signal.reason,
      });
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
