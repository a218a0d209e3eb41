import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settledWithin } from '../../../common/time/settled-within';

describe('settledWithin', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const watch = (promise: Promise<void>) => {
    const seen = { done: false };
    void promise.then(() => (seen.done = true));
    return seen;
  };

  it('resolves as soon as the promise resolves, before the time is up', async () => {
    let settle!: () => void;
    const seen = watch(settledWithin(new Promise<void>((resolve) => (settle = resolve)), 50));
    await vi.advanceTimersByTimeAsync(10);
    expect(seen.done).toBe(false);
    settle();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.done).toBe(true);
  });

  it('resolves, not rejects, when the promise rejects', async () => {
    await expect(settledWithin(Promise.reject(new Error('host gone')), 50)).resolves.toBeUndefined();
  });

  it('resolves once the time is up when the promise never settles', async () => {
    const seen = watch(settledWithin(new Promise<void>(() => {}), 50));
    await vi.advanceTimersByTimeAsync(49);
    expect(seen.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen.done).toBe(true);
  });
});
