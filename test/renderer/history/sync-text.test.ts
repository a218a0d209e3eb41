import { describe, expect, it } from 'vitest';
import type { CallSummary } from '../../../common/calls/call-summary';
import type { HostStatus } from '../../../common/host-api/host-status';
import {
  bannerWording,
  journalNotice,
  outcomeWording,
  retryableStep,
  syncWording,
} from '../../../renderer/history/sync-text';

const error = {
  kind: 'network' as const,
  code: 'ECONNRESET',
  description: 'socket hang up',
  httpStatus: 0,
  at: 0,
};
const call = (extra: Partial<CallSummary>): CallSummary => ({
  callKey: 'k',
  direction: 'incoming',
  origin: 'pbx',
  remoteNumber: '+79990001122',
  phase: 'ended',
  ringingAt: 0,
  answeredAt: 1_000,
  endedAt: 62_000,
  durationSeconds: 61,
  statusCode: '200',
  answeredElsewhere: false,
  callId: 'X',
  sync: { state: 'synced' },
  steps: [],
  ...extra,
});
const status = (
  outbox: Partial<HostStatus['outbox']>,
  setAside: HostStatus['journal']['setAside'] = null,
): HostStatus => ({
  bitrix: { state: 'connected', portal: 'https://p', userId: 2 },
  pendingSteps: 0,
  outbox: { state: 'delivering', waitingCalls: 0, lastError: null, nextAttemptAt: null, ...outbox },
  journal: { setAside },
  secrets: 'os-keychain',
});

describe('history wording', () => {
  it('names each sync state, with the error and the next try while retrying', () => {
    expect(syncWording({ state: 'synced' }, 0)).toEqual({ text: 'In Bitrix24', tone: 'ok' });
    expect(syncWording({ state: 'pending', waitingSteps: 1 }, 0)).toEqual({
      text: 'Sending to Bitrix24…',
      tone: 'busy',
    });
    // Its turn has not come while the outbox backs off from an unreachable portal.
    expect(syncWording({ state: 'pending', waitingSteps: 1 }, 0, true).text).toBe(
      'Waiting until Bitrix24 is reachable',
    );
    expect(
      syncWording({ state: 'retrying', waitingSteps: 2, attempts: 3, error, nextAttemptAt: 4_500 }, 0).text,
    ).toBe('Retrying (attempt 3): socket hang up, next try in 5 s');
    expect(syncWording({ state: 'needs-sign-in', waitingSteps: 2 }, 0)).toMatchObject({
      tone: 'bad',
      text: /sign in/,
    });
    expect(
      syncWording(
        {
          state: 'failed',
          stepId: 4,
          stepKind: 'finish',
          error: { ...error, kind: 'rejected', description: 'Call is not found' },
        },
        0,
      ).text,
    ).toBe('Bitrix24 refused the call result: Call is not found');
  });

  it('offers a retry for a failed step and for one waiting on an error, not otherwise', () => {
    expect(retryableStep(call({ sync: { state: 'failed', stepId: 4, stepKind: 'finish', error } }))).toBe(4);
    const waiting = call({
      sync: { state: 'retrying', waitingSteps: 1, attempts: 2, error, nextAttemptAt: 10 },
      steps: [{ id: 9, kind: 'finish', state: 'pending', attempts: 2, lastError: error, notBefore: 10 }],
    });
    expect(retryableStep(waiting)).toBe(9);
    expect(retryableStep(call({}))).toBeNull();
  });

  it('says how the call went', () => {
    expect(outcomeWording(call({}))).toBe('Answered · 1:01');
    expect(outcomeWording(call({ statusCode: '304', durationSeconds: 0 }))).toBe('Missed');
    const elsewhere = { answeredAt: null, durationSeconds: 0, answeredElsewhere: true };
    expect(outcomeWording(call({ ...elsewhere, statusCode: null }))).toBe('Answered elsewhere');
    expect(outcomeWording(call({ ...elsewhere, statusCode: 'OTHER' }))).toBe('Answered elsewhere');
    expect(outcomeWording(call({ answeredAt: null, durationSeconds: 0, statusCode: null }))).toBe('Missed');
    // Talked here, then handed off with a transfer: someone else finishes it, but it was no missed call.
    expect(outcomeWording(call({ statusCode: null }))).toBe('Answered · 1:01');
    expect(outcomeWording(call({ phase: 'answered' }))).toBe('In progress');
  });

  it('shows the banner only when calls cannot reach Bitrix24, with how many wait', () => {
    expect(bannerWording(status({}), 0)).toBeNull();
    expect(
      bannerWording(
        status({ state: 'unreachable', waitingCalls: 3, lastError: 'socket hang up', nextAttemptAt: 2_000 }),
        0,
      )?.text,
    ).toBe('Bitrix24 unreachable (socket hang up), 3 calls waiting, next try in 2 s');
    expect(bannerWording(status({ state: 'sign-in-required', waitingCalls: 1 }), 0)?.text).toBe(
      'Sign in to Bitrix24 again: 1 call waiting until you do',
    );
  });

  it('tells the agent when the call history file was set aside', () => {
    expect(journalNotice(status({}))).toBeNull();
    expect(
      journalNotice(
        status({}, { path: '/p/j.corrupt-1', reason: 'file is not a database', kind: 'corrupt' }),
      ),
    ).toMatch(/could not be used \(file is not a database\) and was kept as \/p\/j.corrupt-1/);
  });
});
