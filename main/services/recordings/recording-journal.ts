import type { Database, Statement } from 'better-sqlite3';

/**
 * The journal's record of every recording file (table `recordings`, journal-schema.ts version 2).
 *
 *   recording --finalized, a playable MP3--> complete --the call's finish is journaled--> queued
 *   recording --finalized, empty/unreadable--> unusable   (kept on disk, never uploaded)
 *   queued | unusable --retention (days, disk)--> deleted (the file is gone, the row stays)
 *
 * `queued` carries the attachRecord step's id: its delivery state is the upload's.
 * A file is created only after its row is written, and deleted only before its row says so, so
 * the journal knows every file the recorder ever wrote.
 */
export type RecordingState = 'recording' | 'complete' | 'queued' | 'unusable' | 'deleted';
export type TranscriptionState = 'none' | 'wanted' | 'queued' | 'failed';

export interface RecordingRecord {
  callKey: string;
  /** The file's name inside the recordings folder. */
  file: string;
  state: RecordingState;
  bytes: number;
  durationMs: number;
  startedAt: number;
  finishedAt: number | null;
  /** Why the recording is unusable, or what went wrong with it. */
  problem: string | null;
  stepId: number | null;
  transcription: TranscriptionState;
}

interface Row {
  call_key: string;
  file: string;
  state: RecordingState;
  bytes: number;
  duration_ms: number;
  started_at: number;
  finished_at: number | null;
  problem: string | null;
  step_id: number | null;
  transcription: TranscriptionState;
}

export class RecordingJournal {
  readonly #db: Database;
  readonly #s: Record<string, Statement>;

  constructor(db: Database) {
    this.#db = db;
    const q = (sql: string) => db.prepare(sql);
    this.#s = {
      get: q('SELECT * FROM recordings WHERE call_key = ?'),
      insert: q(
        `INSERT INTO recordings (call_key, file, state, started_at, updated_at) VALUES (?, ?, 'recording', ?, ?)`,
      ),
      finalized: q(
        `UPDATE recordings SET state = ?, bytes = ?, duration_ms = ?, finished_at = ?, problem = ?, updated_at = ?
         WHERE call_key = ? AND state = 'recording'`,
      ),
      queued: q(
        `UPDATE recordings SET state = 'queued', step_id = ?, transcription = ?, updated_at = ?
         WHERE call_key = ? AND state = 'complete'`,
      ),
      transcription: q(`UPDATE recordings SET transcription = ?, updated_at = ? WHERE call_key = ?`),
      deleted: q(`UPDATE recordings SET state = 'deleted', updated_at = ? WHERE call_key = ?`),
      open: q(`SELECT * FROM recordings WHERE state IN ('recording', 'complete') ORDER BY started_at`),
      onDisk: q(`SELECT * FROM recordings WHERE state <> 'deleted' ORDER BY started_at`),
      wanted: q(`SELECT * FROM recordings WHERE transcription = 'wanted' ORDER BY started_at`),
    };
  }

  get(callKey: string): RecordingRecord | undefined {
    const row = this.#s.get!.get(callKey) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  start(callKey: string, file: string, now: number): RecordingRecord {
    this.#s.insert!.run(callKey, file, now, now);
    return this.get(callKey)!;
  }

  finalized(
    callKey: string,
    outcome: { usable: boolean; bytes: number; durationMs: number; problem: string | null },
    now: number,
  ): void {
    this.#s.finalized!.run(
      outcome.usable ? 'complete' : 'unusable',
      outcome.bytes,
      Math.round(outcome.durationMs),
      now,
      outcome.problem,
      now,
      callKey,
    );
  }

  /** The attachRecord step is journaled: in the same transaction as the step itself. */
  queued(callKey: string, stepId: number, transcription: TranscriptionState, now: number): void {
    this.#s.queued!.run(stepId, transcription, now, callKey);
  }

  setTranscription(callKey: string, state: TranscriptionState, now: number): void {
    this.#s.transcription!.run(state, now, callKey);
  }

  deleted(callKey: string, now: number): void {
    this.#s.deleted!.run(now, callKey);
  }

  /** Recordings still being written or waiting for their call's finish. */
  open(): RecordingRecord[] {
    return (this.#s.open!.all() as Row[]).map(toRecord);
  }

  /** Every recording whose file is still on disk, oldest first. */
  onDisk(): RecordingRecord[] {
    return (this.#s.onDisk!.all() as Row[]).map(toRecord);
  }

  transcriptionsWanted(): RecordingRecord[] {
    return (this.#s.wanted!.all() as Row[]).map(toRecord);
  }

  transaction<T>(work: () => T): T {
    return this.#db.transaction(work)();
  }
}

function toRecord(row: Row): RecordingRecord {
  return {
    callKey: row.call_key,
    file: row.file,
    state: row.state,
    bytes: row.bytes,
    durationMs: row.duration_ms,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    problem: row.problem,
    stepId: row.step_id,
    transcription: row.transcription,
  };
}
