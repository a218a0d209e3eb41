import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

/**
 * The database holds every portal's and agent's refresh tokens, so only the relay's own user may
 * read it: a folder the relay creates for it is 0700, the file is created 0600 before SQLite opens
 * it (SQLite gives its -wal and -shm files the database's mode), and a database or journal left
 * readable by an older relay is narrowed to 0600. An existing folder is the operator's and is left
 * as it is.
 */
export function prepareOwnerOnlyDatabase(file: string): void {
  const folder = path.dirname(path.resolve(file));
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const part of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(part)) chmodSync(part, 0o600);
  }
}
