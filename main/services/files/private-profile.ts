import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The profile's folders the host writes into; the rest (Chromium's data on the desktop) is left as is. */
const ownFolders = ['logs', 'recordings'];

/**
 * Makes the profile readable by the agent's OS account alone: the folder 0700 even when it existed
 * with looser modes, its files 0600, and the host's own folders (logs, recordings) 0700 with their
 * files 0600. Run at every start, so that a profile an older version left readable by others (an
 * existing folder kept its 0755, the journal and logs were 0644) is tightened. New files are
 * created with these modes by whoever writes them.
 */
export function makeProfilePrivate(profileDir: string): void {
  mkdirSync(profileDir, { recursive: true, mode: 0o700 });
  tighten(profileDir, (name) => ownFolders.includes(name));
}

function tighten(folder: string, descendInto: (name: string) => boolean): void {
  chmodSync(folder, 0o700);
  for (const entry of readdirSync(folder)) {
    const file = path.join(folder, entry);
    const stat = lstatSync(file);
    if (stat.isFile() && (stat.mode & 0o077) !== 0) chmodSync(file, stat.mode & 0o700);
    else if (stat.isDirectory() && descendInto(entry)) tighten(file, () => true);
  }
}
