/**
 * Resolves when `promise` settles, either way, or once `ms` have passed, whichever comes first.
 * Never rejects: for work that should wait for something, but never longer than `ms`.
 */
export function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    promise.then(done, done);
  });
}
