import { existsSync, readFileSync, renameSync } from 'node:fs';
import type { z } from 'zod';
import type { Logger } from '../log/logger';
import { writeFileAtomic } from './write-file-atomic';

export interface JsonFileRead<T> {
  schema: z.ZodType<T>;
  log: Logger;
  /** The error logged when the file is set aside (what it means for the agent). */
  unreadable: string;
  /** Turns the file's text into JSON text (a keychain decryption); the text itself by default. */
  decode?: (text: string) => string;
}

/**
 * A JSON document of the profile that matches `schema`; null when there is none. A file that
 * cannot be read, decoded or parsed, or does not match, is set aside - renamed
 * `<file>.unreadable-<time>`, never overwritten, so nothing is lost - logged, and read as none.
 */
export function readJsonFile<T>(file: string, read: JsonFileRead<T>): T | null {
  if (!existsSync(file)) return null;
  try {
    const text = readFileSync(file, 'utf8');
    return read.schema.parse(JSON.parse(read.decode ? read.decode(text) : text));
  } catch (error) {
    const aside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, aside);
    read.log.error({ err: error, setAsideAs: aside }, read.unreadable);
    return null;
  }
}

/** Writes `value` as JSON, atomically and owner-only (through `encode`, e.g. a keychain, if given). */
export function writeJsonFile(file: string, value: unknown, encode?: (json: string) => string): void {
  const json = JSON.stringify(value, null, 2);
  writeFileAtomic(file, encode ? encode(json) : json, 0o600);
}
