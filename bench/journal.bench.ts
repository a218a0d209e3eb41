/**
 * The call journal on disk (better-sqlite3, WAL): how long a write takes, how big the file grows,
 * what start-up costs. Each figure for synchronous=NORMAL (what the host uses: a commit survives a
 * killed process at once, a power cut after the next once-a-second `flushToDisk()`) and FULL (an
 * fsync in every commit), to justify the choice.
 *
 * - fact write: one accepted SIP fact as the tracker journals it (lifecycle state, the fact, the
 *   steps it causes), one transaction - on the path from INVITE to the register leaving, whose
 *   budget is 20 ms p99 (docs/ARCHITECTURE.md#budgets);
 * - delivery writes: the outbox's "attempt leaves" and "outcome" transactions for one step;
 * - flush to disk (NORMAL only): the host's once-a-second `flushToDisk()`, timed here after every
 *   call (a call a second, the worst case): it runs on the host's thread, so it is how long a SIP
 *   fact arriving at that moment may wait;
 * - size per 10,000 calls: each call ringing, answered, ended (3 facts) with register and finish
 *   delivered, after a checkpoint;
 * - start-up: opening that journal with its integrity check, and the outbox's read of 2,000 open
 *   steps (a 1,000-call backlog).
 *
 * Run: npx tsx bench/journal.bench.ts [calls-for-latency]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CallFact } from '../common/calls/call-fact';
import { applyFact, type CallState, type LifecycleContext } from '../common/calls/call-lifecycle';
import { defaultNumberRules } from '../common/phone/phone-number';
import { CallJournal } from '../main/services/journal/call-journal';
import { openJournalFile, type JournalSynchronous } from '../main/services/journal/journal-file';
import { createLogger } from '../main/services/log/logger';
import { formatSummary, machine, summarize } from './support/stats';

const latencyCalls = Number(process.argv[2] ?? 2_000);
const sizeCalls = 10_000;
const log = createLogger({ level: 'silent' });
const context: LifecycleContext = {
  userId: 2,
  cardPolicy: 'on-ring',
  defaultLineNumber: '74951230000',
  numberRules: defaultNumberRules,
};

function callFacts(index: number): CallFact[] {
  const callKey = `bench-${index}-${'x'.repeat(24)}`;
  const at = 1_795_000_000_000 + index * 30_000;
  return [
    {
      type: 'ringing',
      callKey,
      direction: 'incoming',
      sipCallId: `${callKey}@pbx.example.com`,
      remoteNumber: '+79161234567',
      lineNumber: '74951230000',
      at,
    },
    { type: 'answered', callKey, at: at + 4_000 },
    { type: 'ended', callKey, reason: { kind: 'hangup', by: 'remote' }, at: at + 65_000 },
  ];
}

/** Journals calls as the tracker and the outbox would; returns the timings of each kind of write. */
function journalCalls(journal: CallJournal, count: number, deliver: boolean, flush = false) {
  const factMs: number[] = [];
  const sendingMs: number[] = [];
  const outcomeMs: number[] = [];
  const flushMs: number[] = [];
  for (let index = 0; index < count; index += 1) {
    let state: CallState | undefined;
    for (const fact of callFacts(index)) {
      const t0 = performance.now();
      const transition = applyFact(state, fact, context);
      if (!transition.ok) throw new Error(transition.reason);
      const steps = journal.recordTransition({
        event: fact,
        state: transition.state,
        steps: transition.steps,
        userId: 2,
        now: fact.at,
      });
      factMs.push(performance.now() - t0);
      state = transition.state;
      if (!deliver) continue;
      for (const step of steps) {
        const t1 = performance.now();
        journal.markSending([step.id], fact.at);
        sendingMs.push(performance.now() - t1);
        const t2 = performance.now();
        journal.recordOutcomes(
          [
            {
              kind: 'done',
              stepId: step.id,
              callKey: step.callKey,
              result: { CALL_ID: `externalCall.${'0'.repeat(32)}.${index}`, SHOW: 1, USER_ID: 2 },
              ...(step.step.kind === 'register' ? { callId: `externalCall.${'0'.repeat(32)}.${index}` } : {}),
            },
          ],
          fact.at,
        );
        outcomeMs.push(performance.now() - t2);
      }
    }
    if (flush) {
      const t3 = performance.now();
      journal.flushToDisk();
      flushMs.push(performance.now() - t3);
    }
  }
  return { factMs, sendingMs, outcomeMs, flushMs };
}

console.log(`machine: ${machine()}`);
console.log(`date: ${new Date().toISOString()}`);
console.log(`disk: ${os.tmpdir()} (the profile lives on the same kind of disk)`);

for (const synchronous of ['NORMAL', 'FULL'] as JournalSynchronous[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'b24phone-journal-bench-'));
  try {
    const file = path.join(dir, 'call-journal.sqlite');
    const opened = openJournalFile(file, log, { synchronous });
    const journal = new CallJournal(opened.db, process.pid, Date.now());
    const latency = journalCalls(journal, latencyCalls, true, synchronous === 'NORMAL');
    console.log(`\n== synchronous=${synchronous}`);
    console.log(
      formatSummary('fact write (lifecycle + journal, one transaction)', summarize(latency.factMs), 'ms'),
    );
    console.log(
      formatSummary('delivery: attempt journaled before it leaves', summarize(latency.sendingMs), 'ms'),
    );
    console.log(formatSummary('delivery: outcome journaled', summarize(latency.outcomeMs), 'ms'));
    if (latency.flushMs.length > 0)
      console.log(formatSummary('flush to disk after each call', summarize(latency.flushMs), 'ms'));
    opened.db.close();
    if (synchronous !== 'NORMAL') continue;

    // Size and start-up: a separate journal of exactly sizeCalls delivered calls.
    const sizeFile = path.join(dir, 'size.sqlite');
    const sized = openJournalFile(sizeFile, log, { synchronous: 'NORMAL' });
    const sizeJournal = new CallJournal(sized.db, process.pid, Date.now());
    journalCalls(sizeJournal, sizeCalls, true);
    sized.db.pragma('wal_checkpoint(TRUNCATE)');
    sized.db.close();
    const bytes = statSync(sizeFile).size;
    console.log(
      `\nsize of ${sizeCalls} delivered calls (3 facts, 2 steps each): ${(bytes / 2 ** 20).toFixed(2)} MiB, ${Math.round(bytes / sizeCalls)} bytes per call`,
    );
    const t0 = performance.now();
    const reopened = openJournalFile(sizeFile, log);
    console.log(
      `start-up: open + integrity check + migrations of that journal: ${(performance.now() - t0).toFixed(1)} ms`,
    );
    reopened.db.close();

    const backlogFile = path.join(dir, 'backlog.sqlite');
    const backlog = openJournalFile(backlogFile, log);
    const backlogJournal = new CallJournal(backlog.db, process.pid, Date.now());
    journalCalls(backlogJournal, 1_000, false);
    const reads: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const t1 = performance.now();
      const open = backlogJournal.openSteps();
      reads.push(performance.now() - t1);
      if (open.length !== 2_000) throw new Error(`expected 2000 open steps, got ${open.length}`);
    }
    console.log(
      formatSummary('outbox read of 2,000 open steps (1,000-call backlog)', summarize(reads), 'ms'),
    );
    backlog.db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
