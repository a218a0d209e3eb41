import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, renameSync } from 'node:fs';
import type { Logger } from '../log/logger';
import { journalSchemaVersion, migrate } from './journal-schema';

/** How durable a commit is: see docs/BENCHMARKS.md for the cost of each on our machines. */
export type JournalSynchronous = 'FULL' | 'NORMAL';

export interface JournalFileOptions {
  /**
   * NORMAL (default): a commit survives a killed or crashed process at once, and a power cut after
   * the host's next `flushToDisk()` (every second) - without an fsync between a SIP fact and the
   * register it causes (docs/BENCHMARKS.md: FULL's two fsyncs dominate the INVITE -> register
   * latency on a busy disk). FULL: every commit is synced before it returns.
   */
  synchronous?: JournalSynchronous;
}

/** A journal file that could not be used and was renamed out of the way. */
export interface SetAsideJournal {
  /** Where the old file now is (with its -wal and -shm, if any, next to it). */
  path: string;
  reason: string;
  kind: 'corrupt' | 'newer-schema';
}

export interface OpenedJournal {
  db: Database.Database;
  setAside: SetAsideJournal | null;
}

const lockWaitMs = 1_000;

/** Another process holds this profile's journal: two hosts on one profile would deliver twice. */
export class JournalInUseError extends Error {
  override readonly name = 'JournalInUseError';
}

/**
 * Opens (or creates) the profile's journal. A file SQLite calls corrupt or not a database, that
 * fails its integrity check, or was written by a newer version of the app is set aside (renamed with
 * its WAL) and reported - never overwritten, never silently dropped - and a new journal starts.
 *
 * WAL journal, exclusive locking: only this process may open the file while it runs (a second
 * host on the same profile fails with JournalInUseError instead of delivering the same steps).
 */
export function openJournalFile(file: string, log: Logger, options: JournalFileOptions = {}): OpenedJournal {
  let setAside: SetAsideJournal | null = null;
  if (existsSync(file)) {
    const problem = inspect(file);
    if (problem) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const aside = `${file}.${problem.kind}-${stamp}`;
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
      }
      setAside = { path: aside, reason: problem.reason, kind: problem.kind };
      log.error({ journal: file, setAsideAs: aside, reason: problem.reason }, 'call journal set aside');
    }
  }
  // Created owner-only before SQLite opens it: SQLite gives the -wal and -shm files the database
  // file's mode, and would create it world-readable (0644 under the usual umask).
  closeSync(openSync(file, 'a', 0o600));
  // A process that just died releases its lock at once; a live one holds it: wait only briefly.
  const db = new Database(file, { timeout: lockWaitMs });
  try {
    configure(db, options.synchronous ?? 'NORMAL');
    migrate(db);
  } catch (error) {
    db.close();
    throw busy(error)
      ? new JournalInUseError(`The call journal ${file} is in use by another process`)
      : error;
  }
  return { db, setAside };
}

function configure(db: Database.Database, synchronous: JournalSynchronous): void {
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  // Takes the exclusive lock now, so a second process fails here and not on its first write.
  db.exec('BEGIN IMMEDIATE; COMMIT;');
}

function inspect(file: string): { kind: SetAsideJournal['kind']; reason: string } | null {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { fileMustExist: true, timeout: lockWaitMs });
    db.pragma('locking_mode = EXCLUSIVE');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > journalSchemaVersion) {
      return {
        kind: 'newer-schema',
        reason: `written by a newer b24phone (schema ${version}, this one knows ${journalSchemaVersion})`,
      };
    }
    const check = db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') return { kind: 'corrupt', reason: `integrity check failed: ${check}` };
    return null;
  } catch (error) {
    if (busy(error)) throw new JournalInUseError(`The call journal ${file} is in use by another process`);
    // Only SQLite's own verdict sets the file aside. A SQLite module built for another Node ABI, an
    // unreadable profile or a full disk says nothing about the file: the start fails and says why,
    // and the journal stays where it is for the next start.
    if (!corrupt(error)) throw error;
    return { kind: 'corrupt', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    db?.close();
  }
}

/** SQLite's codes for a file that is not a database or is damaged (SQLITE_CORRUPT and its extended codes). */
function corrupt(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

function busy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
