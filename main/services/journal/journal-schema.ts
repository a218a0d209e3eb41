import type { Database } from 'better-sqlite3';

/**
 * The call journal's schema, one migration per version (PRAGMA user_version = how many have run).
 * Never edit a shipped migration: add the next one. A journal written by a newer app (a higher
 * user_version than this list knows) is set aside, never opened (journal-file.ts).
 *
 * - sessions: one row per host process on this profile; `alive_at` is its heartbeat, so a call a
 *   dead process left open can be closed with the best-known duration.
 * - calls: one row per call leg; `state` is the lifecycle's CallState (JSON), `call_id` the
 *   Bitrix24 CALL_ID once known (our register's result, or the one the call came with).
 * - facts: every accepted SIP fact, as reported, in arrival order (refused ones are only logged).
 * - steps: every Bitrix24 step, in order per call (`seq`), with its delivery state, attempts,
 *   last error and result. Written before the outbox may act on it.
 *
 * Step states:  pending --send--> sending --ok--> done
 *                                 sending --transient failure--> pending (backoff: not_before)
 *                                 sending --rejected--> failed --agent retries--> pending
 *                pending --pointless by now (a card for a call already over)--> skipped
 *                sending --host died--> pending at the next start (possibly_delivered = 1)
 *
 * - recordings (version 2): every recording file of the profile, by call leg (one recording per
 *   leg: pausing and resuming appends to the same file), so none is ever forgotten on disk:
 *   main/services/recordings/recording-journal.ts has its states.
 */
const migrations: readonly string[] = [
  `
  CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    pid INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    alive_at INTEGER NOT NULL,
    closed_at INTEGER
  );
  CREATE TABLE calls (
    call_key TEXT PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    user_id INTEGER NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
    phase TEXT NOT NULL,
    state TEXT NOT NULL,
    call_id TEXT,
    ringing_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX calls_by_ringing_at ON calls (ringing_at DESC);
  CREATE INDEX calls_live ON calls (phase) WHERE phase <> 'ended';
  CREATE TABLE facts (
    id INTEGER PRIMARY KEY,
    call_key TEXT NOT NULL REFERENCES calls (call_key) ON DELETE CASCADE,
    type TEXT NOT NULL,
    at INTEGER NOT NULL,
    fact TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX facts_by_call ON facts (call_key, id);
  CREATE TABLE steps (
    id INTEGER PRIMARY KEY,
    call_key TEXT NOT NULL REFERENCES calls (call_key) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    step TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'done', 'failed', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    possibly_delivered INTEGER NOT NULL DEFAULT 0,
    not_before INTEGER NOT NULL DEFAULT 0,
    last_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    result TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (call_key, seq)
  );
  CREATE INDEX steps_open ON steps (call_key, seq) WHERE state IN ('pending', 'sending', 'failed');
  CREATE INDEX steps_doubtful ON steps (call_key, last_attempt_at)
    WHERE possibly_delivered = 1 AND kind IN ('register', 'show');
  `,
  `
  CREATE TABLE recordings (
    call_key TEXT PRIMARY KEY,
    file TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL CHECK (state IN ('recording', 'complete', 'queued', 'unusable', 'deleted')),
    bytes INTEGER NOT NULL DEFAULT 0,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    problem TEXT,
    step_id INTEGER,
    transcription TEXT NOT NULL DEFAULT 'none'
      CHECK (transcription IN ('none', 'wanted', 'queued', 'failed')),
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX recordings_open ON recordings (state) WHERE state IN ('recording', 'complete');
  `,
];

export const journalSchemaVersion = migrations.length;

/**
 * Runs the migrations this file has not seen yet, each in its own transaction, up to `target`
 * (the current schema; an older one only to build a journal as an older app left it).
 */
export function migrate(db: Database, target = migrations.length): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < Math.min(target, migrations.length); version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
