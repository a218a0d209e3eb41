import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { exitedDuringStartup, startProcess, type ManagedProcess } from '../pbx/managed-process';
import { waitUntil } from '../pbx/wait-until';

export interface NodeServiceOptions {
  name: string;
  /** The TypeScript entry point, relative to the repository root (e.g. 'sandbox/portal/cli.ts'). */
  script: string;
  args?: readonly string[];
  /** The line the service prints when it is ready; its first capture group is the service's URL. */
  readyLine: RegExp;
  logFile: string;
  env?: NodeJS.ProcessEnv;
  /** A command that execs node in another context, e.g. ['ip', 'netns', 'exec', 'ns'] (it must exec,
   * not fork, so the PID we hold stays the service's). */
  launcher?: readonly string[];
  startTimeoutMs?: number;
}

export interface NodeService {
  url: string;
  process: ManagedProcess;
}

const repositoryRoot = path.resolve(import.meta.dirname, '../..');

/**
 * Starts one of our Node services (portal emulator, web host, relay) as its own process - node
 * with the tsx loader directly, no npm/npx wrapper, so the PID we hold is the service's own and
 * stopping it stops the service - and waits for its ready line.
 */
export async function startNodeService(options: NodeServiceOptions): Promise<NodeService> {
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  // The log is appended to across restarts; only what this start writes can say it is ready.
  const startOffset = existsSync(options.logFile) ? statSync(options.logFile).size : 0;
  const node = [
    process.execPath,
    '--import',
    'tsx',
    path.join(repositoryRoot, options.script),
    ...(options.args ?? []),
  ];
  const [command = process.execPath, ...args] = [...(options.launcher ?? []), ...node];
  const managed = startProcess({
    name: options.name,
    command,
    args,
    logFile: options.logFile,
    cwd: repositoryRoot,
    env: { ...process.env, ...options.env },
  });
  try {
    const url = await waitUntil(
      `${options.name} to print its ready line`,
      () => options.readyLine.exec(readText(options.logFile).slice(startOffset))?.[1],
      {
        timeoutMs: options.startTimeoutMs ?? 20_000,
        intervalMs: 50,
        abort: () => exitedDuringStartup(managed),
      },
    );
    return { url, process: managed };
  } catch (error) {
    await managed.stop();
    throw error;
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
