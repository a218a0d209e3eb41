/**
 * Polls `probe` until `done` holds for what it returns; a probe that throws fails the wait at once.
 * No deadline of its own (unlike sandbox/pbx/wait-until.ts, made for services starting): a busy
 * machine is slow, not wrong, so the test's timeout bounds the wait. `signal` is the test's (vitest
 * aborts it when the test times out): the polling stops then, saying what it last saw, instead of
 * running on into the next test.
 */
export async function waitInTest<T>(
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
