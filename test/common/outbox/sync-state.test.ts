import { describe, expect, it } from 'vitest';
import type { StepSummary } from '../../../common/calls/call-summary';
import { syncStateOf } from '../../../common/outbox/sync-state';

const error = {
  kind: 'network' as const,
  code: 'ECONNRESET',
  description: 'socket hang up',
  httpStatus: 0,
  at: 5,
};
const step = (extra: Partial<StepSummary>): StepSummary => ({
  id: 1,
  kind: 'register',
  state: 'done',
  attempts: 1,
  lastError: null,
  notBefore: 0,
  ...extra,
});

describe('sync state', () => {
  it('synced when everything is delivered or skipped (a failed show is only a card)', () => {
    expect(syncStateOf([step({}), step({ id: 2, kind: 'hide', state: 'skipped' })], false)).toEqual({
      state: 'synced',
    });
    expect(
      syncStateOf(
        [step({ kind: 'show', state: 'failed', lastError: { ...error, kind: 'rejected' } })],
        false,
      ),
    ).toEqual({ state: 'synced' });
  });
  it('pending while steps wait their turn', () => {
    expect(syncStateOf([step({ state: 'pending', attempts: 0 })], false)).toEqual({
      state: 'pending',
      waitingSteps: 1,
    });
  });
  it('retrying with the latest error, attempts and the next try', () => {
    const later = { ...error, description: 'later', at: 9 };
    expect(
      syncStateOf(
        [
          step({ state: 'pending', attempts: 2, lastError: error, notBefore: 50 }),
          step({ id: 2, kind: 'finish', state: 'pending', attempts: 3, lastError: later, notBefore: 40 }),
        ],
        false,
      ),
    ).toEqual({ state: 'retrying', waitingSteps: 2, attempts: 3, error: later, nextAttemptAt: 40 });
  });
  it('needs sign-in while held, failed when a step was refused', () => {
    expect(syncStateOf([step({ state: 'pending', lastError: error })], true)).toEqual({
      state: 'needs-sign-in',
      waitingSteps: 1,
    });
    const refused = { ...error, kind: 'rejected' as const };
    expect(
      syncStateOf([step({ id: 4, kind: 'finish', state: 'failed', lastError: refused })], false),
    ).toEqual({ state: 'failed', stepId: 4, stepKind: 'finish', error: refused });
  });
});
