import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/**
 * A long-running helper process (rtpengine, Kamailio, sipp) that we started and that we stop by its
 * own PID, always: on `stop()`, and on this process's exit or SIGINT/SIGTERM if nobody called it.
 *
 * Each process leads its own process group (`detached`), so stopping signals the group: Kamailio's
 * worker children go with their parent even when the parent dies first. Output goes to a log file,
 * never to our terminal, and the last lines of it make start-up errors readable.
 *
 * Lifecycle: running -> exited (by itself, or through stop()). `stop()` on an exited process is a
 * no-op, so teardown code can call it unconditionally.
 */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Settles when the process has exited, however that happened. Never rejects. */
  readonly exited: Promise<ProcessExit>;
  /** The exit, once it happened; undefined while the process runs. */
  exit(): ProcessExit | undefined;
  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves once the leader has exited. */
  stop(graceMs?: number): Promise<ProcessExit>;
  /** The last lines of the log file, for error messages. */
  logTail(lines?: number): string;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartProcessOptions {
  name: string;
  command: string;
  args: readonly string[];
  logFile: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_GRACE_MS = 2_000;

/** Process groups still alive, killed synchronously if this process goes away without teardown. */
const liveGroups = new Set<number>();

export function startProcess(options: StartProcessOptions): ManagedProcess {
  installExitHandlers();
  const log = openSync(options.logFile, 'a');
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', log, log],
    detached: true,
  });
  closeSync(log);
  // Without a listener a failed spawn (ENOENT) would crash us; the missing PID below reports it.
  child.on('error', () => undefined);
  if (child.pid === undefined) {
    throw new Error(`${options.name}: could not start '${options.command}' (is it installed?)`);
  }
  const pid = child.pid;
  liveGroups.add(pid);

  let exitInfo: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      liveGroups.delete(pid);
      // The leader is gone; reap anything of its group it left behind (Kamailio's children).
      signalGroup(pid, 'SIGKILL');
      resolve(exitInfo);
    });
  });

  const logTail = (lines = 20): string => tailOf(options.logFile, lines);

  async function stop(graceMs = DEFAULT_GRACE_MS): Promise<ProcessExit> {
    if (exitInfo) return exitInfo;
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }

  return { name: options.name, pid, logFile: options.logFile, exited, exit: () => exitInfo, stop, logTail };
}

/** An error describing a process that died while we waited for it, with its last log lines. */
export function exitedDuringStartup(managed: ManagedProcess): Error | undefined {
  const exit = managed.exit();
  if (!exit) return undefined;
  const how = exit.signal ? `signal ${exit.signal}` : `code ${String(exit.code)}`;
  return new Error(
    `${managed.name} exited with ${how} during start-up (log: ${managed.logFile}):\n${managed.logTail()}`,
  );
}

/** True while a process with this PID runs; a zombie (dead, not yet reaped by its parent) does not. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ...", the state letter after the closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The last `lines` lines of a text file; empty when it cannot be read. */
export function tailOf(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

let handlersInstalled = false;

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllSync);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = (): void => {
      // Someone else handles the signal (a CLI, a test runner): they shut down, 'exit' cleans up.
      if (process.listenerCount(signal) > 1) return;
      // Nobody does: clean up and die of the signal, as we would have without this handler.
      killAllSync();
      process.off(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function killAllSync(): void {
  for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
  liveGroups.clear();
}
