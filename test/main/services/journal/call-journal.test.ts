import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyFact, type CallState, type LifecycleContext } from '../../../../common/calls/call-lifecycle';
import type { CallFact } from '../../../../common/calls/call-fact';
import { defaultNumberRules } from '../../../../common/phone/phone-number';
import { CallJournal } from '../../../../main/services/journal/call-journal';
import { openJournalFile } from '../../../../main/services/journal/journal-file';
import { capturedLog } from '../support/captured-log';

const context: LifecycleContext = {
  userId: 2,
  cardPolicy: 'on-ring',
  defaultLineNumber: '',
  numberRules: defaultNumberRules,
};

describe('call journal', () => {
  let dir: string;
  let file: string;
  let opened: ReturnType<typeof openJournalFile>;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'b24phone-journal-'));
    file = path.join(dir, 'call-journal.sqlite');
    opened = openJournalFile(file, capturedLog().log);
  });
  afterEach(() => {
    if (opened.db.open) opened.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Applies a fact through the lifecycle and journals it, as the tracker does. */
  function record(journal: CallJournal, fact: CallFact, state?: CallState): CallState {
    const transition = applyFact(state, fact, context);
    if (!transition.ok) throw new Error(transition.reason);
    journal.recordTransition({
      event: fact,
      state: transition.state,
      steps: transition.steps,
      userId: 2,
      now: fact.at,
    });
    return transition.state;
  }

  const ringing: CallFact = {
    type: 'ringing',
    callKey: 'a',
    direction: 'incoming',
    sipCallId: 'a@sip',
    remoteNumber: '+79990001122',
    at: 1_000,
  };

  it('puts every commit into the database file itself once flushed to disk', () => {
    const journal = new CallJournal(opened.db, 1, 0);
    record(journal, ringing);
    /** What a power cut would leave: the database file without its write-ahead log. */
    const callsInDatabaseFile = () => {
      const copy = path.join(dir, 'after-power-cut.sqlite');
      copyFileSync(file, copy);
      const db = new Database(copy, { readonly: true });
      try {
        // Before the first flush even the schema lives only in the log.
        const hasCalls = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'calls'").get();
        return hasCalls ? (db.prepare('SELECT count(*) AS n FROM calls').get() as { n: number }).n : 0;
      } finally {
        db.close();
      }
    };
    expect(callsInDatabaseFile()).toBe(0);
    journal.flushToDisk();
    expect(callsInDatabaseFile()).toBe(1);
  });

  it('keeps each fact, the state and the steps it caused, steps numbered in order per call', () => {
    const journal = new CallJournal(opened.db, 1, 0);
    let state = record(journal, ringing);
    state = record(journal, { type: 'answered', callKey: 'a', at: 2_000 }, state);
    record(
      journal,
      { type: 'ended', callKey: 'a', reason: { kind: 'hangup', by: 'remote' }, at: 12_000 },
      state,
    );
    expect(journal.facts('a').map((fact) => fact.type)).toEqual(['ringing', 'answered', 'ended']);
    expect(journal.steps('a').map((step) => [step.seq, step.step.kind, step.state])).toEqual([
      [1, 'register', 'pending'],
      [2, 'finish', 'pending'],
    ]);
    expect(journal.call('a')?.state).toMatchObject({ phase: 'ended', answeredAt: 2_000, endedAt: 12_000 });
    expect(journal.waitingCalls()).toBe(1);
  });

  it('survives the process: a step being sent when it died is queued again as possibly delivered', () => {
    const journal = new CallJournal(opened.db, 1, 0);
    record(journal, ringing);
    const [register] = journal.openSteps();
    journal.markSending([register!.id], 1_500);
    opened.db.close(); // as a crash would leave it: no outcome recorded

    opened = openJournalFile(file, capturedLog().log);
    const next = new CallJournal(opened.db, 2, 5_000);
    expect(next.requeueAfterRestart(5_000)).toBe(1);
    const [again] = next.openSteps();
    expect(again).toMatchObject({
      state: 'pending',
      attempts: 1,
      possiblyDelivered: true,
      lastAttemptAt: 1_500,
      doubtfulCardAt: 1_500,
    });
    expect(next.danglingCalls().map((call) => [call.callKey, call.lastAliveAt])).toEqual([['a', 0]]);
  });

  it('knows the last sign of life of the process that left a call open', () => {
    const journal = new CallJournal(opened.db, 1, 0);
    record(journal, ringing);
    journal.heartbeat(7_000);
    const next = new CallJournal(opened.db, 2, 9_000);
    expect(next.danglingCalls()).toMatchObject([{ callKey: 'a', lastAliveAt: 7_000 }]);
    expect(next.liveCalls()).toEqual([]);
  });

  it('records outcomes: done with the CALL_ID, retry with backoff, failed, skipped', () => {
    const journal = new CallJournal(opened.db, 1, 0);
    let state = record(journal, ringing);
    state = record(journal, { type: 'answered', callKey: 'a', at: 2_000 }, state);
    record(
      journal,
      { type: 'transferred', callKey: 'a', target: { number: '102', userId: 3 }, at: 3_000 },
      state,
    );
    const [register, show, hide] = journal.openSteps();
    journal.markSending([register!.id], 4_000);
    journal.recordOutcomes(
      [{ kind: 'done', stepId: register!.id, callKey: 'a', result: { CALL_ID: 'X' }, callId: 'X' }],
      4_100,
    );
    expect(journal.call('a')?.callId).toBe('X');
    const error = {
      kind: 'timeout' as const,
      code: 'REQUEST_TIMEOUT',
      description: 'slow',
      httpStatus: 408,
      at: 4_200,
    };
    journal.markSending([show!.id], 4_150);
    journal.recordOutcomes(
      [
        {
          kind: 'retry',
          stepId: show!.id,
          error,
          notBefore: 9_000,
          possiblyDelivered: true,
          countAttempt: true,
        },
      ],
      4_200,
    );
    journal.recordOutcomes([{ kind: 'skipped', stepId: hide!.id, why: 'no card' }], 4_300);
    expect(
      journal.steps('a').map((step) => [step.step.kind, step.state, step.attempts, step.notBefore]),
    ).toEqual([
      ['register', 'done', 1, 0],
      ['show', 'pending', 1, 9_000],
      ['hide', 'skipped', 0, 0],
    ]);
    expect(journal.step(show!.id)?.lastError).toEqual(error);
    journal.recordOutcomes([{ kind: 'failed', stepId: show!.id, error }], 4_400);
    expect(journal.retryNow(show!.id, 5_000)).toBe(true);
    expect(journal.step(show!.id)).toMatchObject({ state: 'pending', notBefore: 0 });
    expect(journal.retryNow(register!.id, 5_000)).toBe(false);
  });

  it('an attempt held for sign-in does not count', () => {
    const journal = new CallJournal(opened.db, 1, 0);
    record(journal, ringing);
    const [register] = journal.openSteps();
    journal.markSending([register!.id], 2_000);
    const error = {
      kind: 'sign-in-required' as const,
      code: 'invalid_grant',
      description: 'revoked',
      httpStatus: 401,
      at: 2_000,
    };
    journal.recordOutcomes(
      [
        {
          kind: 'retry',
          stepId: register!.id,
          error,
          notBefore: 0,
          possiblyDelivered: false,
          countAttempt: false,
        },
      ],
      2_000,
    );
    expect(journal.step(register!.id)).toMatchObject({
      state: 'pending',
      attempts: 0,
      possiblyDelivered: false,
    });
  });

  it('prunes only old calls with nothing left to deliver', () => {
    const journal = new CallJournal(opened.db, 1, 0);
    let state = record(journal, ringing);
    record(
      journal,
      { type: 'ended', callKey: 'a', reason: { kind: 'declined', sipCode: 603 }, at: 3_000 },
      state,
    );
    state = record(journal, { ...ringing, callKey: 'b', sipCallId: 'b@sip' });
    record(
      journal,
      { type: 'ended', callKey: 'b', reason: { kind: 'declined', sipCode: 603 }, at: 3_000 },
      state,
    );
    for (const step of journal.steps('a'))
      journal.recordOutcomes([{ kind: 'done', stepId: step.id, callKey: 'a', result: null }], 4_000);
    expect(journal.prune(10_000)).toBe(1);
    expect(journal.call('a')).toBeUndefined();
    expect(journal.facts('a')).toEqual([]);
    expect(journal.call('b')).toBeDefined();
  });
});
