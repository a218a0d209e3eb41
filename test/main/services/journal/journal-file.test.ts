import Database from 'better-sqlite3';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHostServices } from '../../../../main/services/host-services';
import { JournalInUseError, openJournalFile } from '../../../../main/services/journal/journal-file';
import { journalSchemaVersion, migrate } from '../../../../main/services/journal/journal-schema';
import { capturedLog } from '../support/captured-log';

describe('journal file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'b24phone-journal-'));
    file = path.join(dir, 'call-journal.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a WAL journal at the current schema version', () => {
    const { db, setAside } = openJournalFile(file, capturedLog().log);
    expect(setAside).toBeNull();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(journalSchemaVersion);
    // NORMAL: no fsync between a SIP fact and the register it causes; flushToDisk() bounds a power cut.
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    db.close();
  });

  it('opens an existing journal again without changing it', () => {
    const first = openJournalFile(file, capturedLog().log);
    first.db.prepare('INSERT INTO sessions (pid, started_at, alive_at) VALUES (1, 2, 3)').run();
    first.db.close();
    const second = openJournalFile(file, capturedLog().log);
    expect(second.setAside).toBeNull();
    expect(second.db.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 1 });
    second.db.close();
  });

  it('migrates a journal an older app left, keeping its calls and what they still owe Bitrix24', () => {
    const older = new Database(file);
    migrate(older, 1);
    older.exec(`
      INSERT INTO sessions (id, pid, started_at, alive_at) VALUES (1, 10, 1000, 2000);
      INSERT INTO calls (call_key, session_id, user_id, direction, phase, state, ringing_at, updated_at)
        VALUES ('old-call', 1, 2, 'incoming', 'ended', '{}', 1000, 2000);
      INSERT INTO steps (call_key, seq, kind, step, state, created_at, updated_at)
        VALUES ('old-call', 1, 'finish', '{}', 'pending', 2000, 2000);
    `);
    older.close();
    const { db, setAside } = openJournalFile(file, capturedLog().log);
    expect(setAside).toBeNull();
    expect(db.pragma('user_version', { simple: true })).toBe(journalSchemaVersion);
    expect(db.prepare('SELECT call_key, phase FROM calls').all()).toEqual([
      { call_key: 'old-call', phase: 'ended' },
    ]);
    expect(db.prepare('SELECT kind, state FROM steps').all()).toEqual([{ kind: 'finish', state: 'pending' }]);
    // The later migrations ran: their tables are there.
    expect(db.prepare('SELECT COUNT(*) AS n FROM recordings').get()).toEqual({ n: 0 });
    db.close();
  });

  it('sets a file that is not a database aside, keeps its bytes, reports it, and starts a new journal', () => {
    const garbage = Buffer.from('this is not an SQLite file at all, just text the disk ate');
    writeFileSync(file, garbage);
    const { log, lines } = capturedLog();
    const { db, setAside } = openJournalFile(file, log);
    expect(setAside).toMatchObject({ kind: 'corrupt' });
    expect(readFileSync(setAside!.path)).toEqual(garbage);
    expect(
      lines.some((line) => line.msg === 'call journal set aside' && line.setAsideAs === setAside!.path),
    ).toBe(true);
    expect(db.pragma('user_version', { simple: true })).toBe(journalSchemaVersion);
    db.close();
  });

  it('sets aside a database whose pages are damaged', () => {
    const { db } = openJournalFile(file, capturedLog().log);
    const insert = db.prepare('INSERT INTO sessions (pid, started_at, alive_at) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(i, i, i);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(file);
    // Scribble over the middle of the file (a B-tree page), leaving the header intact.
    bytes.fill(0xa5, 4096 * 3, 4096 * 3 + 3000);
    writeFileSync(file, bytes);
    const reopened = openJournalFile(file, capturedLog().log);
    expect(reopened.setAside).toMatchObject({ kind: 'corrupt' });
    expect(readFileSync(reopened.setAside!.path)).toEqual(bytes);
    reopened.db.close();
  });

  it('sets aside a journal written by a newer app, untouched', () => {
    const newer = new Database(file);
    newer.exec('CREATE TABLE future (x); INSERT INTO future VALUES (42);');
    newer.pragma(`user_version = ${journalSchemaVersion + 1}`);
    newer.close();
    const { db, setAside } = openJournalFile(file, capturedLog().log);
    expect(setAside).toMatchObject({ kind: 'newer-schema' });
    expect(setAside!.reason).toMatch(/newer/);
    const kept = new Database(setAside!.path, { readonly: true });
    expect(kept.prepare('SELECT x FROM future').get()).toEqual({ x: 42 });
    expect(kept.pragma('user_version', { simple: true })).toBe(journalSchemaVersion + 1);
    kept.close();
    db.close();
  });

  it('refuses a second process on the same journal, without setting the file aside', () => {
    const first = openJournalFile(file, capturedLog().log);
    expect(() => openJournalFile(file, capturedLog().log)).toThrow(JournalInUseError);
    expect(readdirSync(dir).filter((name) => name.includes('corrupt'))).toEqual([]);
    first.db.close();
    openJournalFile(file, capturedLog().log).db.close();
  });

  it('sets nothing aside when the file cannot be opened for another reason than damage', () => {
    // A folder where the journal should be: SQLite cannot open it (SQLITE_CANTOPEN), as with an
    // unreadable profile; the file is not corrupt and must be there for the next start.
    mkdirSync(file);
    expect(() => openJournalFile(file, capturedLog().log)).toThrow(/unable to open database file/);
    expect(readdirSync(dir)).toEqual(['call-journal.sqlite']);
  });

  it('tells the agent through the host status', async () => {
    writeFileSync(file, 'garbage');
    const services = createHostServices({ profileDir: dir, log: capturedLog().log });
    const status = await services.handlers['status/get']();
    expect(status.journal.setAside).toMatchObject({ kind: 'corrupt' });
    expect(existsSync(status.journal.setAside!.path)).toBe(true);
    await services.close();
  });
});
