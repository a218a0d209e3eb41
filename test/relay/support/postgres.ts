import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { PostgresServer } from '../../../sandbox/relay/postgres-server';

/**
 * One private PostgreSQL server for a test file (sandbox/relay/postgres-server.ts) and a fresh
 * database on it per test: `databaseUrl()` creates one. `stop()` stops the server by its PID and
 * removes its folder; call it in afterAll (it is safe when the start failed half-way).
 */
export class TestPostgres {
  #count = 0;

  private constructor(
    readonly server: PostgresServer,
    private readonly dir: string,
  ) {}

  static async start(): Promise<TestPostgres> {
    const dir = mkdtempSync(path.join(tmpdir(), 'relay-pg-'));
    try {
      return new TestPostgres(await PostgresServer.start(dir), dir);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  async databaseUrl(): Promise<string> {
    this.#count += 1;
    const name = `relay_test_${this.#count}`;
    const admin = new pg.Client({ connectionString: this.server.url });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return this.server.url.replace('/postgres?', `/${name}?`);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

let shared: Promise<TestPostgres> | undefined;

/**
 * A fresh database on one server shared by the rigs of a test file: it starts with the first rig
 * and is stopped by its PID after the file's last test (the hook below is registered on the
 * file's suite when a test file imports this module), so each rig costs a CREATE DATABASE, not an
 * initdb.
 */
export async function acquireDatabase(): Promise<string> {
  shared ??= TestPostgres.start();
  return (await shared).databaseUrl();
}

// Registered only under vitest: benchmarks import the rigs (and never acquire a database) too.
// The server starts before the file's tests, with a budget of its own: initdb on a busy two-core
// machine can take longer than a test's whole timeout.
if (process.env.VITEST && process.env.RELAY_TEST_STORE === 'postgres')
  beforeAll(async () => {
    shared ??= TestPostgres.start();
    await shared;
  }, 120_000);
if (process.env.VITEST)
  afterAll(async () => {
    const server = shared;
    shared = undefined;
    await (await server?.catch(() => undefined))?.stop();
  }, 60_000);

/** Whether the relay tests run on PostgreSQL (RELAY_TEST_STORE=postgres) rather than SQLite. */
export const testStore: 'sqlite' | 'postgres' =
  process.env.RELAY_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
