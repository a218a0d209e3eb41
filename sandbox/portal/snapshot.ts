import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { PortalData } from './state/portal-data';
import type { Portal } from './state/portal';
import { describeIssues, snapshotSchema } from './snapshot-schema';
import { seedData } from './state/seed';

/**
 * `--data file.json`: the portal's persistent state (users, apps, tokens, CRM, calls, recordings,
 * handlers...) as JSON. A missing file means "start from the seed"; sections missing from a
 * hand-written file come from the seed too. A file that is not a snapshot is refused with the reason
 * (SnapshotError), never overwritten.
 */
export function loadSnapshot(file: string): PortalData | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SnapshotError(`${file} is not readable JSON: ${(error as Error).message}`);
  }
  const checked = snapshotSchema.safeParse(parsed);
  if (!checked.success)
    throw new SnapshotError(`${file} is not a portal snapshot:\n${describeIssues(checked.error)}`);
  return { ...seedData(), ...(parsed as Partial<PortalData>) };
}

/** A `--data` file the portal refuses to start from (the file is left untouched). */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}

/** Writes the snapshot atomically (temporary file, then rename). */
export function saveSnapshot(portal: Portal, file: string): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(portal.data, null, 2));
  renameSync(`${file}.tmp`, file);
}

/** Saves now and then at most every 200 ms after a change; returns a function that saves at once. */
export function persistTo(portal: Portal, file: string): () => void {
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    saveSnapshot(portal, file);
  };
  portal.onChange = () => {
    timer ??= setTimeout(flush, 200);
  };
  flush();
  return flush;
}
