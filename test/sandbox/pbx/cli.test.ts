import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { workerAddress } from '../../support/pbx-rig';
import { waitInTest } from '../../support/wait-in-test';

const root = path.resolve(import.meta.dirname, '../../..');

/** PIDs of the processes whose command line mentions one of `marks` (this run's dir or ports). */
function processesMentioning(marks: string[]): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let commandLine: string;
    try {
      commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue; // It has just exited.
    }
    if (marks.some((mark) => commandLine.includes(mark))) found.push(Number(entry));
  }
  return found;
}

let runDir = '';
let marks: string[] = [];
let npm: ChildProcess | undefined;
afterEach(async () => {
  // Whatever this run left, by PID: the test fails on it, the next one must not meet it.
  const running = npm && npm.exitCode === null && npm.signalCode === null;
  const exited = running ? new Promise((resolve) => npm?.once('exit', resolve)) : null;
  for (const pid of processesMentioning(marks)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  await exited;
  npm = undefined;
  if (runDir) rmSync(runDir, { recursive: true, force: true });
});

describe('npm run pbx', { timeout: 120_000 }, () => {
  it('stopped (SIGTERM to npm) while still starting leaves no Kamailio or rtpengine running', async ({
    signal,
  }) => {
    runDir = mkdtempSync(path.join(tmpdir(), 'pbx-cli-'));
    const address = workerAddress();
    // Kamailio names the run dir in its arguments; rtpengine its NG address.
    marks = [runDir, `--listen-ng=${address}:`];
    let output = '';
    npm = spawn('npm', ['run', 'pbx', '--', '--host-network', '--address', address, '--run-dir', runDir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    npm.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Starting: rtpengine runs, the rig has not said it is ready.
    await waitInTest(
      'rtpengine to start',
      () => processesMentioning([`--listen-ng=${address}:`]).length,
      (count) => count > 0,
      signal,
    );
    expect(output).not.toContain('PBX ready');
    process.kill(npm.pid!, 'SIGTERM');
    const outcome = await waitInTest(
      'the rig to be gone, or ready after all',
      () => ({ left: processesMentioning(marks), ready: output.includes('PBX ready') }),
      ({ left, ready }) => ready || left.length === 0,
      signal,
    );
    expect(outcome).toEqual({ left: [], ready: false });
  });
});
