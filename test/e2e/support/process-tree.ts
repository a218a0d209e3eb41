import { readdirSync, readFileSync } from 'node:fs';

export interface RunningProcess {
  pid: number;
  /** The command name the kernel keeps (/proc/<pid>/comm). */
  command: string;
}

/**
 * Every process below `pid` right now (children, their children...), read from /proc: what a
 * process tree that must be gone after its root stopped consisted of.
 */
export function descendantsOf(pid: number): RunningProcess[] {
  const children = new Map<number, RunningProcess[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    // "pid (comm) state ppid ...": the command may hold spaces and parentheses, so read after the last ')'.
    const parent = Number(stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!stat || !Number.isInteger(parent)) continue;
    const process = { pid: Number(entry), command: read(`/proc/${entry}/comm`)?.trim() ?? '?' };
    children.set(parent, [...(children.get(parent) ?? []), process]);
  }
  const found: RunningProcess[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
