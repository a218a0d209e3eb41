/**
 * `tsx sandbox/pbx/in-netns.ts -- <command...>` runs the command in a fresh private network
 * namespace (see network-namespace.ts) with B24PHONE_NETNS=1 in its environment, forwards
 * SIGINT/SIGTERM/SIGHUP to it and exits with its exit code.
 *
 * As root it uses `unshare --net`; otherwise `unshare --net --map-root-user` (a user namespace
 * grants the rights to configure the network namespace it owns). Already inside one, it just runs
 * the command.
 *
 * When the command has exited, anything still running in the namespace can only be a process our
 * tests started and failed to stop (a crashed test runner skips its teardown): those are killed, by
 * PID, and named on stderr, so a run never leaves Kamailio or Chromium behind.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { constants } from 'node:os';
import { NAMESPACE_SETUP_SCRIPT, NETNS_ENV, isInsideNetworkNamespace } from './network-namespace';

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function main(argv: string[]): void {
  const separator = argv.indexOf('--');
  const command = separator === -1 ? argv : argv.slice(separator + 1);
  if (command.length === 0) {
    console.error('usage: tsx sandbox/pbx/in-netns.ts -- <command> [args...]');
    process.exit(2);
  }
  const env = { ...process.env, [NETNS_ENV]: '1' };
  if (isInsideNetworkNamespace()) {
    run(command[0] ?? '', command.slice(1), env, false);
    return;
  }
  const asRoot = process.getuid?.() === 0;
  const unshareArgs = [
    '--net',
    ...(asRoot ? [] : ['--map-root-user']),
    '--',
    'sh',
    '-c',
    `${NAMESPACE_SETUP_SCRIPT}\nexec "$@"`,
    'in-netns',
    ...command,
  ];
  run('unshare', unshareArgs, env, true);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, ownNamespace: boolean): void {
  // Our own process group: a terminal's Ctrl-C reaches only us, and we forward it exactly once.
  const child = spawn(command, args, { stdio: 'inherit', env, detached: true });
  const pid = child.pid;
  if (pid === undefined) {
    console.error(`in-netns: could not start ${command}`);
    process.exit(127);
  }
  for (const signal of FORWARDED_SIGNALS) {
    process.on(signal, () => {
      try {
        process.kill(pid, signal);
      } catch {
        // It has just exited.
      }
    });
  }
  const namespace = ownNamespace ? watchNamespaceOf(pid) : undefined;
  child.on('error', (error) => {
    console.error(`in-netns: ${error.message}`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    if (namespace) killLeftovers(namespace.current());
    process.exit(code ?? 128 + signalNumber(signal));
  });
}

/** The child's network namespace (e.g. "net:[4026532710]"), learned once unshare has switched. */
function watchNamespaceOf(pid: number): { current: () => string | undefined } {
  const ours = namespaceOf(process.pid);
  let theirs: string | undefined;
  const timer = setInterval(() => {
    const found = namespaceOf(pid);
    if (found !== undefined && found !== ours) {
      theirs = found;
      clearInterval(timer);
    }
  }, 5);
  timer.unref();
  return { current: () => theirs };
}

function namespaceOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/net`);
  } catch {
    return undefined;
  }
}

function killLeftovers(namespace: string | undefined): void {
  if (namespace === undefined) return;
  const leftovers = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => pid !== process.pid && namespaceOf(pid) === namespace);
  if (leftovers.length === 0) return;
  const names = leftovers.map((pid) => `${commandName(pid)} (${pid})`).join(', ');
  console.error(`in-netns: killing processes left running in the namespace: ${names}`);
  for (const pid of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
}

function commandName(pid: number): string {
  try {
    return readlinkSync(`/proc/${pid}/exe`).split('/').pop() ?? '?';
  } catch {
    return '?';
  }
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal ? constants.signals[signal] : 1;
}

main(process.argv.slice(2));
