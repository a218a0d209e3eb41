import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startProcess, type ManagedProcess } from '../pbx/managed-process';
import { waitUntil } from '../pbx/wait-until';

/**
 * A private PostgreSQL server for the relay's several-instances sandbox and tests: its own data
 * folder under `dir`, listening only on a unix socket in `dir` (no TCP port at all), stopped by its
 * PID. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user Debian's
 * package creates (setpriv execs, so the PID we hold is the server's own). fsync is off: this
 * server's data is thrown away with its folder.
 */
export class PostgresServer {
  #process: ManagedProcess | undefined;
  readonly #bin = postgresBinaries();
  readonly #data: string;

  private constructor(readonly dir: string) {
    this.#data = path.join(dir, 'data');
  }

  /** libpq URI of the server's `postgres` database through the socket in `dir`. */
  get url(): string {
    return `postgresql://postgres@/postgres?host=${encodeURIComponent(this.dir)}&port=5432`;
  }

  get pid(): number | undefined {
    return this.#process?.exit() ? undefined : this.#process?.pid;
  }

  static async start(dir: string): Promise<PostgresServer> {
    const server = new PostgresServer(dir);
    if (isRoot()) chownSync(dir, ...postgresIds());
    mkdirSync(server.#data, { recursive: true, mode: 0o700 });
    if (isRoot()) chownSync(server.#data, ...postgresIds());
    execFileSync(
      ...asOwner(path.join(server.#bin, 'initdb'), ['-D', server.#data, '-A', 'trust', '-U', 'postgres']),
      {
        stdio: 'ignore',
      },
    );
    await server.resume();
    return server;
  }

  /** Starts the server (again) on its data folder and waits until it answers. */
  async resume(): Promise<void> {
    const [command, args] = asOwner(path.join(this.#bin, 'postgres'), [
      '-D',
      this.#data,
      '-k',
      this.dir,
      '-p',
      '5432',
      '-c',
      'listen_addresses=',
      '-c',
      'fsync=off',
      '-c',
      'max_connections=200',
    ]);
    const started = startProcess({
      name: 'postgres',
      command,
      args,
      logFile: path.join(this.dir, 'postgres.log'),
    });
    this.#process = started;
    await waitUntil(
      'PostgreSQL to accept connections',
      async () => {
        const client = new pg.Client({ connectionString: this.url });
        try {
          await client.connect();
          await client.query('SELECT 1');
          return true;
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      {
        timeoutMs: 60_000,
        abort: () =>
          started.exit() ? new Error(`postgres exited at start: ${started.logTail()}`) : undefined,
      },
    );
  }

  /** Fast shutdown (SIGINT: clients are disconnected, everything committed is kept). */
  async stop(): Promise<void> {
    const running = this.#process;
    if (!running || running.exit()) return;
    process.kill(running.pid, 'SIGINT');
    await running.stop(15_000);
  }
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function postgresIds(): [number, number] {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return [uid, gid];
}

function asOwner(command: string, args: string[]): [string, string[]] {
  return isRoot()
    ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', command, ...args]]
    : [command, args];
}

/** Debian's server binaries (package `postgresql`): the newest version installed. */
function postgresBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(path.join(root, name, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0])
    throw new Error(`No PostgreSQL server under ${root}: install Debian's postgresql package`);
  return path.join(root, versions[0], 'bin');
}
