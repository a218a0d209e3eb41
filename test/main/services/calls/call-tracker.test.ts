import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallFact } from '../../../../common/calls/call-fact';
import type { LifecycleContext } from '../../../../common/calls/call-lifecycle';
import { defaultNumberRules } from '../../../../common/phone/phone-number';
import { CallTracker } from '../../../../main/services/calls/call-tracker';
import { CallJournal } from '../../../../main/services/journal/call-journal';
import { openJournalFile } from '../../../../main/services/journal/journal-file';
import { capturedLog } from '../support/captured-log';

describe('call tracker', () => {
  let dir: string;
  let opened: ReturnType<typeof openJournalFile>;
  let journal: CallJournal;
  let tracker: CallTracker;
  let captured: ReturnType<typeof capturedLog>;
  const woken: string[] = [];
  const context = (userId = 2): LifecycleContext => ({
    userId,
    cardPolicy: 'on-ring',
    defaultLineNumber: '',
    numberRules: defaultNumberRules,
  });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'b24phone-tracker-'));
    captured = capturedLog();
    opened = openJournalFile(path.join(dir, 'j.sqlite'), captured.log);
    journal = new CallJournal(opened.db, 1, 0);
    woken.length = 0;
    tracker = new CallTracker({
      journal,
      context: () => context(),
      contextFor: context,
      log: captured.log,
    });
    tracker.events.on('steps', (key) => woken.push(key));
  });
  afterEach(() => {
    opened.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ringing: CallFact = {
    type: 'ringing',
    callKey: 'a',
    direction: 'incoming',
    sipCallId: 'a@sip',
    remoteNumber: '+79990001122',
    at: 1_000,
  };
  const snapshot = () =>
    JSON.stringify({
      calls: opened.db.prepare('SELECT * FROM calls').all(),
      facts: opened.db.prepare('SELECT * FROM facts').all(),
      steps: opened.db.prepare('SELECT * FROM steps').all(),
    });

  it('journals an accepted fact with its steps before answering, then wakes the outbox', () => {
    expect(tracker.report(ringing)).toEqual({ accepted: true });
    expect(journal.steps('a').map((step) => step.step.kind)).toEqual(['register']);
    expect(woken).toEqual(['a']);
    expect(tracker.liveCalls).toBe(1);
  });

  const bad: Array<[string, CallFact[], CallFact, RegExp]> = [
    [
      'an ended for an unknown call',
      [],
      { type: 'ended', callKey: 'zzz', reason: { kind: 'hangup', by: 'local' }, at: 5 },
      /unknown call/,
    ],
    [
      'an answered after ended',
      [ringing, { type: 'ended', callKey: 'a', reason: { kind: 'declined', sipCode: 603 }, at: 2_000 }],
      { type: 'answered', callKey: 'a', at: 3_000 },
      /after the call a ended/,
    ],
    ['a duplicate ringing', [ringing], ringing, /duplicate ringing/],
    [
      'a duplicate ringing of a call ended long ago',
      [
        ringing,
        {
          type: 'ended',
          callKey: 'a',
          reason: { kind: 'caller-cancelled', completedElsewhere: false },
          at: 2_000,
        },
      ],
      ringing,
      /already ended/,
    ],
  ];
  for (const [name, before, fact, reason] of bad) {
    it(`refuses ${name} with a logged reason, changing nothing`, () => {
      for (const earlier of before) expect(tracker.report(earlier).accepted).toBe(true);
      const was = snapshot();
      woken.length = 0;
      const outcome = tracker.report(fact);
      expect(outcome.accepted).toBe(false);
      expect(outcome.reason).toMatch(reason);
      expect(snapshot()).toBe(was);
      expect(woken).toEqual([]);
      expect(
        captured.lines.some((line) => line.msg === 'SIP fact refused' && String(line.reason).match(reason)),
      ).toBe(true);
    });
  }

  it('refuses facts while Bitrix24 is not connected (no user to register them for)', () => {
    const unconfigured = new CallTracker({
      journal,
      context: () => null,
      contextFor: context,
      log: captured.log,
    });
    expect(unconfigured.report(ringing)).toEqual({ accepted: false, reason: 'Bitrix24 is not connected' });
    expect(journal.call('a')).toBeUndefined();
  });

  it('ends a call that began for its own user, even signed out or signed in as someone else meanwhile', () => {
    let current: LifecycleContext | null = context(2);
    const switching = new CallTracker({
      journal,
      context: () => current,
      contextFor: context,
      log: captured.log,
    });
    expect(switching.report(ringing)).toEqual({ accepted: true });
    current = null;
    expect(switching.report({ type: 'answered', callKey: 'a', at: 2_000 })).toEqual({ accepted: true });
    current = context(9);
    expect(
      switching.report({ type: 'ended', callKey: 'a', reason: { kind: 'hangup', by: 'remote' }, at: 12_000 }),
    ).toEqual({ accepted: true });
    expect(journal.call('a')?.state.phase).toBe('ended');
    const [register, finish] = journal.steps('a').map((step) => step.step);
    expect(register?.kind === 'register' && register.params.USER_ID).toBe(2);
    expect(finish).toEqual({ kind: 'finish', params: { USER_ID: 2, DURATION: 10, STATUS_CODE: '200' } });
  });

  it('closes calls a previous process left open, as the user they belonged to', () => {
    tracker.report({ ...ringing, callKey: 'ringing-one' });
    tracker.report({ ...ringing, callKey: 'talking', sipCallId: 't@sip' });
    tracker.report({ type: 'answered', callKey: 'talking', at: 2_000 });
    journal.heartbeat(32_400);
    const nextJournal = new CallJournal(opened.db, 2, 40_000);
    const next = new CallTracker({
      journal: nextJournal,
      context: () => context(9),
      contextFor: context,
      log: captured.log,
    });
    expect(next.recoverDangling()).toBe(2);
    const finishOf = (key: string) =>
      nextJournal.steps(key).find((step) => step.step.kind === 'finish')?.step;
    expect(finishOf('ringing-one')).toMatchObject({
      params: { USER_ID: 2, DURATION: 0, STATUS_CODE: '304' },
    });
    expect(finishOf('talking')).toMatchObject({ params: { USER_ID: 2, DURATION: 30, STATUS_CODE: '200' } });
    expect(nextJournal.danglingCalls()).toEqual([]);
    expect(next.recoverDangling()).toBe(0);
  });
});
