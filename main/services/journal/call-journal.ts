import type { Database, Statement } from 'better-sqlite3';
import type { BitrixFailure } from '../../../common/bitrix/bitrix-failure';
import type { BitrixStep } from '../../../common/bitrix/telephony';
import type { CallState, LifecycleEvent } from '../../../common/calls/call-lifecycle';

/**
 * The call journal: the source of truth for every call of this profile
 * (docs/ARCHITECTURE.md#delivery-guarantees). Every accepted fact and the Bitrix24 steps it causes
 * are written in one transaction before anyone acts on them; every delivery attempt is written
 * before the request leaves and its outcome after it returns. Schema and step states:
 * journal-schema.ts.
 */

export type StepState = 'pending' | 'sending' | 'done' | 'failed' | 'skipped';

export interface StepRecord {
  id: number;
  callKey: string;
  seq: number;
  step: BitrixStep;
  state: StepState;
  attempts: number;
  /** An earlier attempt may have been carried out by the portal (timeout, 5xx, host died mid-request). */
  possiblyDelivered: boolean;
  /** Not to be tried before this time (backoff), epoch ms. */
  notBefore: number;
  /** When the latest attempt left (0: never tried). */
  lastAttemptAt: number;
  lastError: BitrixFailure | null;
  result: unknown;
  updatedAt: number;
}

export interface CallRecord {
  callKey: string;
  userId: number;
  state: CallState;
  /** The Bitrix24 CALL_ID once known. */
  callId: string | null;
  sessionId: number;
}

/** An open step with what the outbox needs to know about its call. */
export interface OpenStep extends StepRecord {
  callId: string | null;
  callPhase: CallState['phase'];
  callRingingAt: number;
  /** When the latest attempt of this call's register or show that may have landed unseen left
   * (a timeout, a 5xx, a crash mid-request); null when every such attempt's outcome is known. */
  doubtfulCardAt: number | null;
}

export interface CallWithSteps extends CallRecord {
  steps: StepRecord[];
}

/** A call a dead host process left open, and the best-known moment it was still going. */
export interface DanglingCall extends CallRecord {
  lastAliveAt: number;
}

interface StepRow {
  id: number;
  call_key: string;
  seq: number;
  step: string;
  state: StepState;
  attempts: number;
  possibly_delivered: number;
  not_before: number;
  last_attempt_at: number;
  last_error: string | null;
  result: string | null;
  updated_at: number;
}

interface CallRow {
  call_key: string;
  user_id: number;
  state: string;
  call_id: string | null;
  session_id: number;
}

export class CallJournal {
  readonly #db: Database;
  readonly #sessionId: number;
  readonly #statements: ReturnType<typeof prepare>;

  #flushedChanges = -1;

  constructor(db: Database, pid: number, now: number) {
    this.#db = db;
    this.#statements = prepare(db);
    this.#sessionId = Number(this.#statements.startSession.run(pid, now, now).lastInsertRowid);
  }

  get sessionId(): number {
    return this.#sessionId;
  }

  /**
   * Makes every commit so far survive a power cut: syncs the WAL, copies it into the database file
   * and syncs that (a PASSIVE checkpoint under synchronous=NORMAL). Commits already survive a crash
   * of this process the moment they return; the host calls this every second, off the path of a
   * live call, so a power cut loses at most the last second. Nothing to do when nothing changed.
   */
  flushToDisk(): void {
    const changes = this.#db.prepare('SELECT total_changes() AS n').get() as { n: number };
    if (changes.n === this.#flushedChanges) return;
    this.#db.pragma('wal_checkpoint(PASSIVE)');
    this.#flushedChanges = changes.n;
  }

  /** Marks this process as still alive (the heartbeat that bounds a crashed call's duration). */
  heartbeat(now: number): void {
    this.#statements.heartbeat.run(now, this.#sessionId);
  }

  /** Marks this process's session as ended cleanly. */
  closeSession(now: number): void {
    this.#statements.closeSession.run(now, now, this.#sessionId);
  }

  call(callKey: string): CallRecord | undefined {
    const row = this.#statements.call.get(callKey) as CallRow | undefined;
    return row ? toCall(row) : undefined;
  }

  /** The Bitrix24 user of the latest call on this profile (the agent it belongs to), if any. */
  lastUserId(): number | null {
    const row = this.#statements.lastUserId.get() as { user_id: number } | undefined;
    return row?.user_id ?? null;
  }

  /** Calls still ringing or connected that belong to this process. */
  liveCalls(): CallRecord[] {
    return (this.#statements.liveCalls.all(this.#sessionId) as CallRow[]).map(toCall);
  }

  /** Calls still ringing or connected that a previous process left behind. */
  danglingCalls(): DanglingCall[] {
    const rows = this.#statements.danglingCalls.all(this.#sessionId) as Array<CallRow & { alive_at: number }>;
    return rows.map((row) => ({ ...toCall(row), lastAliveAt: row.alive_at }));
  }

  /**
   * Journals an accepted transition: the event, the call's new state and the steps it causes,
   * in one transaction. `userId` and `callId` are taken for a new call only.
   */
  recordTransition(change: {
    event: LifecycleEvent;
    state: CallState;
    steps: readonly BitrixStep[];
    userId: number;
    callId?: string | undefined;
    now: number;
  }): StepRecord[] {
    const { event, state, steps, now } = change;
    return this.#db.transaction((): StepRecord[] => {
      const s = this.#statements;
      if (event.type === 'ringing') {
        s.insertCall.run({
          call_key: state.callKey,
          session_id: this.#sessionId,
          user_id: change.userId,
          direction: state.direction,
          phase: state.phase,
          state: JSON.stringify(state),
          call_id: change.callId ?? null,
          ringing_at: state.ringingAt,
          updated_at: now,
        });
      } else {
        s.updateCall.run(state.phase, JSON.stringify(state), now, state.callKey);
      }
      s.insertFact.run(state.callKey, event.type, event.at, JSON.stringify(event), now);
      return this.#appendSteps(state.callKey, steps, now);
    })();
  }

  /** Appends steps after the call's last one (attachRecord, attachTranscription: after finish). */
  appendSteps(callKey: string, steps: readonly BitrixStep[], now: number): StepRecord[] {
    return this.#db.transaction(() => this.#appendSteps(callKey, steps, now))();
  }

  #appendSteps(callKey: string, steps: readonly BitrixStep[], now: number): StepRecord[] {
    const s = this.#statements;
    let seq = (s.lastSeq.get(callKey) as { seq: number | null }).seq ?? 0;
    return steps.map((step) => {
      seq += 1;
      const id = Number(
        s.insertStep.run(callKey, seq, step.kind, JSON.stringify(step), now, now).lastInsertRowid,
      );
      return {
        id,
        callKey,
        seq,
        step,
        state: 'pending',
        attempts: 0,
        possiblyDelivered: false,
        notBefore: 0,
        lastAttemptAt: 0,
        lastError: null,
        result: null,
        updatedAt: now,
      };
    });
  }

  /** Every step not yet done, failed ones included, in order per call, with its call. */
  openSteps(): OpenStep[] {
    const rows = this.#statements.openSteps.all() as Array<
      StepRow & {
        call_id: string | null;
        phase: CallState['phase'];
        ringing_at: number;
        doubtful_card_at: number | null;
      }
    >;
    return rows.map((row) => {
      const step = toStep(row) as OpenStep;
      step.callId = row.call_id;
      step.callPhase = row.phase;
      step.callRingingAt = row.ringing_at;
      step.doubtfulCardAt = row.doubtful_card_at;
      return step;
    });
  }

  /** Records that an attempt of these steps is about to leave, before it does. */
  markSending(stepIds: readonly number[], now: number): void {
    this.#db.transaction(() => {
      for (const id of stepIds) this.#statements.markSending.run({ now, id });
    })();
  }

  /** Applies the outcomes of one delivery in one transaction. */
  recordOutcomes(outcomes: readonly StepOutcome[], now: number): void {
    const s = this.#statements;
    this.#db.transaction(() => {
      for (const outcome of outcomes) {
        switch (outcome.kind) {
          case 'done':
            s.markDone.run(JSON.stringify(outcome.result ?? null), now, outcome.stepId);
            if (outcome.callId) s.setCallId.run(outcome.callId, now, outcome.callKey);
            break;
          case 'retry':
            s.markRetry.run(
              JSON.stringify(outcome.error),
              outcome.notBefore,
              outcome.possiblyDelivered ? 1 : 0,
              outcome.countAttempt ? 0 : 1,
              now,
              outcome.stepId,
            );
            break;
          case 'failed':
            s.markFailed.run(JSON.stringify(outcome.error), now, outcome.stepId);
            break;
          case 'skipped':
            s.markSkipped.run(JSON.stringify({ skipped: outcome.why }), now, outcome.stepId);
            break;
        }
      }
    })();
  }

  /** Journals what a step's attempt achieved so far (the step stays where it is): a handler that
   * makes several requests saves each one's outcome before the next leaves. */
  saveProgress(stepId: number, progress: unknown, now: number): void {
    this.#statements.saveProgress.run(JSON.stringify(progress), now, stepId);
  }

  /** The agent asked to try a step again now: a failed one goes back in the queue, a waiting one loses its backoff. */
  retryNow(stepId: number, now: number): boolean {
    return this.#statements.retryNow.run(now, stepId).changes > 0;
  }

  /**
   * At start-up: steps a dead process was sending go back in the queue, flagged as possibly
   * delivered; every waiting step is due now (a restart is a good moment to try). Returns how
   * many were interrupted mid-request.
   */
  requeueAfterRestart(now: number): number {
    return this.#db.transaction(() => {
      const interrupted = this.#statements.requeueSending.run(now).changes;
      this.#statements.clearBackoff.run(now);
      return interrupted;
    })();
  }

  /** After the portal came back: steps that waited only because it was unreachable are due now. */
  clearBackoffOf(stepIds: readonly number[], now: number): void {
    this.#db.transaction(() => {
      for (const id of stepIds) this.#statements.clearBackoffOf.run(now, id);
    })();
  }

  /** The latest calls with their steps, newest first. */
  history(limit: number, before?: number): CallWithSteps[] {
    const rows = this.#statements.history.all(before ?? Number.MAX_SAFE_INTEGER, limit) as CallRow[];
    return rows.map((row) => this.#withSteps(toCall(row)));
  }

  callWithSteps(callKey: string): CallWithSteps | undefined {
    const call = this.call(callKey);
    return call ? this.#withSteps(call) : undefined;
  }

  steps(callKey: string): StepRecord[] {
    return (this.#statements.stepsOf.all(callKey) as StepRow[]).map(toStep);
  }

  step(stepId: number): StepRecord | undefined {
    const row = this.#statements.step.get(stepId) as StepRow | undefined;
    return row ? toStep(row) : undefined;
  }

  /** Facts of a call as journaled, oldest first (for support and tests). */
  facts(callKey: string): LifecycleEvent[] {
    const rows = this.#statements.factsOf.all(callKey) as Array<{ fact: string }>;
    return rows.map((row) => JSON.parse(row.fact) as LifecycleEvent);
  }

  /** Calls with at least one step not yet delivered (pending or being sent). */
  waitingCalls(): number {
    return (this.#statements.waitingCalls.get() as { count: number }).count;
  }

  /** Steps not yet delivered (pending or being sent). */
  waitingSteps(): number {
    return (this.#statements.waitingSteps.get() as { count: number }).count;
  }

  /**
   * Deletes calls that ended before `before` and have nothing left to deliver, with their facts
   * and steps: the journal keeps what is still owed to Bitrix24 and a window of history.
   */
  prune(before: number): number {
    return this.#statements.prune.run(before).changes;
  }

  #withSteps(call: CallRecord): CallWithSteps {
    return { ...call, steps: this.steps(call.callKey) };
  }
}

/** What happened to one step of a delivery. */
export type StepOutcome =
  | { kind: 'done'; stepId: number; callKey: string; result: unknown; callId?: string }
  | {
      kind: 'retry';
      stepId: number;
      error: BitrixFailure;
      notBefore: number;
      possiblyDelivered: boolean;
      /** False when the attempt never reached the point of counting (held for sign-in). */
      countAttempt: boolean;
    }
  | { kind: 'failed'; stepId: number; error: BitrixFailure }
  | { kind: 'skipped'; stepId: number; why: string };

function toCall(row: CallRow): CallRecord {
  return {
    callKey: row.call_key,
    userId: row.user_id,
    state: JSON.parse(row.state) as CallState,
    callId: row.call_id,
    sessionId: row.session_id,
  };
}

/** Rows are read back as written: every step was built by the lifecycle and every error by us,
 * and a damaged file is caught whole at start-up (journal-file.ts), so no schema check per row. */
function toStep(row: StepRow): StepRecord {
  return {
    id: row.id,
    callKey: row.call_key,
    seq: row.seq,
    step: JSON.parse(row.step) as BitrixStep,
    state: row.state,
    attempts: row.attempts,
    possiblyDelivered: row.possibly_delivered === 1,
    notBefore: row.not_before,
    lastAttemptAt: row.last_attempt_at,
    lastError: row.last_error === null ? null : (JSON.parse(row.last_error) as BitrixFailure),
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    updatedAt: row.updated_at,
  };
}

function prepare(db: Database) {
  const statement = (sql: string): Statement => db.prepare(sql);
  return {
    startSession: statement('INSERT INTO sessions (pid, started_at, alive_at) VALUES (?, ?, ?)'),
    heartbeat: statement('UPDATE sessions SET alive_at = ? WHERE id = ?'),
    closeSession: statement('UPDATE sessions SET alive_at = ?, closed_at = ? WHERE id = ?'),
    call: statement('SELECT call_key, user_id, state, call_id, session_id FROM calls WHERE call_key = ?'),
    lastUserId: statement('SELECT user_id FROM calls ORDER BY ringing_at DESC LIMIT 1'),
    liveCalls: statement(
      `SELECT call_key, user_id, state, call_id, session_id FROM calls
       WHERE phase <> 'ended' AND session_id = ?`,
    ),
    danglingCalls: statement(
      `SELECT c.call_key, c.user_id, c.state, c.call_id, c.session_id, s.alive_at
       FROM calls c JOIN sessions s ON s.id = c.session_id
       WHERE c.phase <> 'ended' AND c.session_id <> ? ORDER BY c.ringing_at`,
    ),
    insertCall: statement(
      `INSERT INTO calls (call_key, session_id, user_id, direction, phase, state, call_id, ringing_at, updated_at)
       VALUES (@call_key, @session_id, @user_id, @direction, @phase, @state, @call_id, @ringing_at, @updated_at)`,
    ),
    updateCall: statement('UPDATE calls SET phase = ?, state = ?, updated_at = ? WHERE call_key = ?'),
    setCallId: statement('UPDATE calls SET call_id = ?, updated_at = ? WHERE call_key = ?'),
    insertFact: statement('INSERT INTO facts (call_key, type, at, fact, received_at) VALUES (?, ?, ?, ?, ?)'),
    lastSeq: statement('SELECT MAX(seq) AS seq FROM steps WHERE call_key = ?'),
    insertStep: statement(
      `INSERT INTO steps (call_key, seq, kind, step, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
    ),
    openSteps: statement(
      `SELECT s.*, c.call_id, c.phase, c.ringing_at,
         (SELECT MAX(r.last_attempt_at) FROM steps r
          WHERE r.call_key = s.call_key AND r.kind IN ('register', 'show') AND r.possibly_delivered = 1) AS doubtful_card_at
       FROM steps s JOIN calls c ON c.call_key = s.call_key
       WHERE s.state IN ('pending', 'sending', 'failed') ORDER BY c.ringing_at, s.call_key, s.seq`,
    ),
    markSending: statement(
      `UPDATE steps SET state = 'sending', attempts = attempts + 1, last_attempt_at = @now, updated_at = @now
       WHERE id = @id`,
    ),
    markDone: statement(
      `UPDATE steps SET state = 'done', result = ?, last_error = NULL, updated_at = ? WHERE id = ?`,
    ),
    saveProgress: statement(`UPDATE steps SET result = ?, updated_at = ? WHERE id = ?`),
    markRetry: statement(
      `UPDATE steps SET state = 'pending', last_error = ?, not_before = ?,
         possibly_delivered = MAX(possibly_delivered, ?), attempts = attempts - ?, updated_at = ?
       WHERE id = ?`,
    ),
    markFailed: statement(`UPDATE steps SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ?`),
    markSkipped: statement(`UPDATE steps SET state = 'skipped', result = ?, updated_at = ? WHERE id = ?`),
    retryNow: statement(
      `UPDATE steps SET state = 'pending', not_before = 0, updated_at = ?
       WHERE id = ? AND state IN ('failed', 'pending')`,
    ),
    requeueSending: statement(
      `UPDATE steps SET state = 'pending', possibly_delivered = 1, updated_at = ? WHERE state = 'sending'`,
    ),
    clearBackoff: statement(
      `UPDATE steps SET not_before = 0, updated_at = ? WHERE state = 'pending' AND not_before > 0`,
    ),
    clearBackoffOf: statement(
      `UPDATE steps SET not_before = 0, updated_at = ? WHERE id = ? AND state = 'pending'`,
    ),
    history: statement(
      `SELECT call_key, user_id, state, call_id, session_id FROM calls
       WHERE ringing_at < ? ORDER BY ringing_at DESC LIMIT ?`,
    ),
    stepsOf: statement('SELECT * FROM steps WHERE call_key = ? ORDER BY seq'),
    step: statement('SELECT * FROM steps WHERE id = ?'),
    factsOf: statement('SELECT fact FROM facts WHERE call_key = ? ORDER BY id'),
    waitingCalls: statement(
      `SELECT COUNT(DISTINCT call_key) AS count FROM steps WHERE state IN ('pending', 'sending')`,
    ),
    waitingSteps: statement(`SELECT COUNT(*) AS count FROM steps WHERE state IN ('pending', 'sending')`),
    prune: statement(
      `DELETE FROM calls WHERE phase = 'ended' AND updated_at < ?
         AND NOT EXISTS (SELECT 1 FROM steps s WHERE s.call_key = calls.call_key
                         AND s.state IN ('pending', 'sending', 'failed'))`,
    ),
  };
}
