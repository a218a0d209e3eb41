import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { unusableRecording } from '../../../common/recording/mp3-frames';
import type { RecordingSettings } from '../../../common/settings/recording-settings';
import type { CallJournal } from '../journal/call-journal';
import type { Logger } from '../log/logger';
import { scanMp3File } from './mp3-file';
import type { RecordingJournal, RecordingRecord } from './recording-journal';
import { Emitter, type Listenable } from '../../../common/events/emitter';

export interface RecordingStoreEvents {
  /** An attachRecord step was journaled for this call: the outbox may deliver it. */
  queued: [callKey: string];
  /** A recording changed state (the history shows it). */
  change: [callKey: string];
}

export interface RecordingStoreOptions {
  /** The profile's recordings folder. */
  dir: string;
  recordings: RecordingJournal;
  calls: CallJournal;
  settings: () => RecordingSettings;
  log: Logger;
  now?: () => number;
}

export type AppendOutcome = { ok: true; bytes: number } | { ok: false; bytes: number; reason: string };

/** Hard limits at the door, whatever the renderer sends. */
const maxChunkBytes = 144 * 1024;
const maxReadBytes = 128 * 1024;

/**
 * The recordings of this profile on disk (docs/recording.md). The renderer sends the encoded MP3
 * every second; each chunk is written at its offset and flushed to disk before the call returns,
 * so a crash of the renderer, the host or the machine leaves a file that is whole up to its last
 * second but for at most one cut frame. Finalizing cuts that frame off, checks the file is a
 * playable MP3 (never uploading an empty or unreadable one) and, once the call's finish is
 * journaled, queues the attachRecord step after it.
 */
export class RecordingStore {
  readonly #o: RecordingStoreOptions;
  readonly #events = new Emitter<RecordingStoreEvents>();
  readonly events: Listenable<RecordingStoreEvents> = this.#events;
  readonly #now: () => number;
  readonly #open = new Map<string, number>();

  constructor(options: RecordingStoreOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  }

  /** Absolute path of a recording file, refusing anything that would leave the folder. */
  pathOf(file: string): string {
    const resolved = path.resolve(this.#o.dir, file);
    if (path.dirname(resolved) !== path.resolve(this.#o.dir))
      throw new Error(`not a recording file: ${file}`);
    return resolved;
  }

  /** Starts (or, after a pause, continues) the recording of a call leg. */
  start(callKey: string): AppendOutcome {
    const known = this.#o.recordings.get(callKey);
    if (known && known.state !== 'recording')
      return { ok: false, bytes: known.bytes, reason: `the recording of this call is ${known.state}` };
    const record = known ?? this.#o.recordings.start(callKey, fileNameFor(callKey, this.#now()), this.#now());
    const fd = this.#fd(record);
    if (!known) this.#events.emit('change', callKey);
    return { ok: true, bytes: fstatSync(fd).size };
  }

  /** Writes one chunk at `offset` (a repeated chunk is acknowledged, a gap refused) and flushes it. */
  append(callKey: string, offset: number, data: Buffer): AppendOutcome {
    const record = this.#o.recordings.get(callKey);
    if (!record || record.state !== 'recording')
      return { ok: false, bytes: record?.bytes ?? 0, reason: 'no recording in progress for this call' };
    if (data.length > maxChunkBytes) return { ok: false, bytes: 0, reason: 'chunk too large' };
    const fd = this.#fd(record);
    const size = fstatSync(fd).size;
    if (offset + data.length <= size) return { ok: true, bytes: size };
    if (offset !== size)
      return { ok: false, bytes: size, reason: `chunk at ${offset}, file ends at ${size}` };
    writeSync(fd, data, 0, data.length, offset);
    fdatasyncSync(fd);
    return { ok: true, bytes: size + data.length };
  }

  /** The call leg's recording is over: finalize it and queue its upload when the call's finish is. */
  finish(callKey: string): RecordingRecord | undefined {
    const record = this.#o.recordings.get(callKey);
    if (record?.state === 'recording') this.#finalize(record);
    this.attachIfReady(callKey);
    return this.#o.recordings.get(callKey);
  }

  /**
   * At start-up: recordings a dead process (or a renderer that never said "finished") left open are
   * finalized, and those whose call is over are queued. Returns how many were left open.
   */
  recover(): number {
    const open = this.#o.recordings.open();
    for (const record of open) {
      if (record.state === 'recording') {
        this.#finalize(record);
        this.#o.log.warn({ callKey: record.callKey }, 'recording left open by a stopped process finalized');
      }
      this.attachIfReady(record.callKey);
    }
    return open.length;
  }

  /** A call ended: a recording the renderer already finished is queued now. */
  callEnded(callKey: string): void {
    this.attachIfReady(callKey);
  }

  /** Finalizes a recording the renderer never finished (it went away mid-call). */
  abandon(callKey: string): void {
    const record = this.#o.recordings.get(callKey);
    if (record?.state !== 'recording') return;
    this.#o.log.warn({ callKey }, 'recording not finished by the renderer: finalized by the host');
    this.finish(callKey);
  }

  /**
   * Journals the attachRecord step once the recording is complete and the call's finish is
   * journaled (the outbox delivers a call's steps in order, so it goes after the finish).
   */
  attachIfReady(callKey: string): boolean {
    const record = this.#o.recordings.get(callKey);
    if (record?.state !== 'complete') return false;
    const call = this.#o.calls.callWithSteps(callKey);
    if (call?.state.phase !== 'ended' || !call.steps.some((step) => step.step.kind === 'finish'))
      return false;
    const now = this.#now();
    this.#o.recordings.transaction(() => {
      const [step] = this.#o.calls.appendSteps(
        callKey,
        [{ kind: 'attachRecord', recording: { path: record.file, fileName: record.file } }],
        now,
      );
      this.#o.recordings.queued(
        callKey,
        step!.id,
        this.#o.settings().transcriptionUrl ? 'wanted' : 'none',
        now,
      );
    });
    this.#o.log.info({ callKey, file: record.file }, 'recording queued for upload');
    this.#events.emit('queued', callKey);
    return true;
  }

  get(callKey: string): RecordingRecord | undefined {
    return this.#o.recordings.get(callKey);
  }

  /** A slice of a finished recording, for the history's player. */
  read(callKey: string, offset: number, length: number): { data: Buffer; total: number } | null {
    const record = this.#o.recordings.get(callKey);
    if (!record || record.state === 'deleted' || record.state === 'recording') return null;
    const fd = openSync(this.pathOf(record.file), 'r');
    try {
      const total = fstatSync(fd).size;
      const data = Buffer.alloc(Math.max(0, Math.min(length, maxReadBytes, total - offset)));
      const read = readSync(fd, data, 0, data.length, offset);
      return { data: data.subarray(0, read), total };
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Retention (settings: days, disk): uploaded and unusable recordings older than the days go, then
   * the oldest of them until the folder fits the limit. Recordings not yet uploaded are never
   * deleted: losing one is worse than a full folder (the log says so).
   */
  enforceRetention(isUploaded: (stepId: number) => boolean): number {
    const { retentionDays, maxDiskMb } = this.#o.settings();
    const now = this.#now();
    const onDisk = this.#o.recordings.onDisk();
    const disposable = (record: RecordingRecord) =>
      record.state === 'unusable' || (record.state === 'queued' && isUploaded(record.stepId ?? 0));
    let total = onDisk.reduce((sum, record) => sum + this.#sizeOf(record), 0);
    let deleted = 0;
    for (const record of onDisk) {
      if (!disposable(record)) continue;
      const expired =
        retentionDays > 0 && (record.finishedAt ?? record.startedAt) < now - retentionDays * 86_400_000;
      if (!expired && total <= maxDiskMb * 1024 * 1024) continue;
      total -= this.#sizeOf(record);
      this.#o.recordings.deleted(record.callKey, now);
      rmSync(this.pathOf(record.file), { force: true });
      deleted += 1;
    }
    if (total > maxDiskMb * 1024 * 1024)
      this.#o.log.warn(
        { totalBytes: total, maxDiskMb },
        'recordings over the disk limit: the rest is not uploaded yet',
      );
    return deleted;
  }

  close(): void {
    for (const fd of this.#open.values()) closeSync(fd);
    this.#open.clear();
  }

  #sizeOf(record: RecordingRecord): number {
    try {
      return statSync(this.pathOf(record.file)).size;
    } catch {
      return 0;
    }
  }

  #fd(record: RecordingRecord): number {
    let fd = this.#open.get(record.callKey);
    if (fd === undefined) {
      fd = openSync(this.pathOf(record.file), 'a+', 0o600);
      this.#open.set(record.callKey, fd);
    }
    return fd;
  }

  #finalize(record: RecordingRecord): void {
    const fd = this.#open.get(record.callKey);
    if (fd !== undefined) {
      closeSync(fd);
      this.#open.delete(record.callKey);
    }
    const file = this.pathOf(record.file);
    let problem: string | null;
    let bytes = 0;
    let durationMs = 0;
    try {
      const size = statSync(file).size;
      const scan = size === 0 ? null : scanMp3File(file);
      problem = scan ? unusableRecording(scan, size) : 'the recording is empty';
      if (scan && !problem) {
        // A frame cut by the crash (or trailing garbage) is cut off: the rest plays.
        if (scan.wholeBytes < size) truncateSync(file, scan.wholeBytes);
        bytes = scan.wholeBytes;
        durationMs = scan.durationSec * 1000;
      } else {
        bytes = size;
      }
    } catch (error) {
      problem = `the recording cannot be read: ${error instanceof Error ? error.message : String(error)}`;
    }
    this.#o.recordings.finalized(
      record.callKey,
      { usable: problem === null, bytes, durationMs, problem },
      this.#now(),
    );
    if (problem) this.#o.log.warn({ callKey: record.callKey, problem }, 'recording unusable: not uploaded');
    this.#events.emit('change', record.callKey);
  }
}

/** `2026-11-21T07-30-00_<leg>.mp3`: sortable, unique per leg, safe on every file system. */
function fileNameFor(callKey: string, now: number): string {
  const stamp = new Date(now).toISOString().slice(0, 19).replace(/:/g, '-');
  const safe = callKey.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  return `${stamp}_${safe}.mp3`;
}
