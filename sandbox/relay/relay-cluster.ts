import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { startProcess, type ManagedProcess } from '../pbx/managed-process';
import { waitUntil } from '../pbx/wait-until';
import { startNodeService, type NodeService } from '../services/node-service';
import { balancerStatsPath, haproxyConfig } from './haproxy-config';
import { PostgresServer } from './postgres-server';

export interface ClusterRelay {
  /** The instance's own address (the balancer's backend). */
  url: string;
  port: number;
  service: NodeService | undefined;
}

/**
 * Several relays on one private PostgreSQL behind HAProxy, all on loopback: the relays' public URL
 * is the balancer's, as in production. Each process is stopped by its own PID (`stop`), and a test
 * may kill one (`kill`) and start it again (`restart`).
 *
 * Lifecycle: start() -> running; kill(i)/restart(i) any number of times; stop() -> stopped.
 */
export class RelayCluster {
  private constructor(
    readonly dir: string,
    readonly postgres: PostgresServer,
    readonly relays: ClusterRelay[],
    readonly url: string,
    private readonly env: Record<string, string>,
    private balancer: ManagedProcess | undefined,
  ) {}

  /** `env`: the relay's configuration (B24_CLIENT_ID, secrets, RELAY_CONFIG...) for every instance. */
  static async start(options: {
    dir: string;
    instances: number;
    env: Record<string, string>;
  }): Promise<RelayCluster> {
    const postgres = await PostgresServer.start(options.dir);
    const cluster = new RelayCluster(
      options.dir,
      postgres,
      [],
      `http://127.0.0.1:${await freeTcpPort()}`,
      options.env,
      undefined,
    );
    try {
      for (let index = 0; index < options.instances; index += 1) {
        const port = await freeTcpPort();
        cluster.relays.push({ url: `http://127.0.0.1:${port}`, port, service: undefined });
      }
      // One after the other: the first migrates the database (the others would wait on its lock).
      for (let index = 0; index < options.instances; index += 1) await cluster.restart(index);
      await cluster.#startBalancer();
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /** Starts instance `index` (again), waiting for its ready line. */
  async restart(index: number): Promise<void> {
    const relay = this.relays[index] as ClusterRelay;
    relay.service = await startNodeService({
      name: `relay${index + 1}`,
      script: 'relay/cli.ts',
      args: ['--database-url', this.postgres.url],
      readyLine: /relay ready at (http:\/\/[\d.:]+)/,
      logFile: path.join(this.dir, `relay${index + 1}.log`),
      env: {
        ...this.env,
        RELAY_HOST: '127.0.0.1',
        RELAY_PORT: String(relay.port),
        RELAY_PUBLIC_URL: this.url,
      },
    });
  }

  /** kill -9 of instance `index`: no shutdown, no goodbye to its agents or its database. */
  async kill(index: number): Promise<void> {
    const service = this.relays[index]?.service;
    if (!service || service.process.exit()) return;
    process.kill(service.process.pid, 'SIGKILL');
    await service.process.exited;
  }

  /**
   * Waits until the balancer sends requests to exactly the instances that are ready, and to one at
   * least: an instance just restarted is up for the balancer only after its next health check, and
   * one just killed is down only after `fall` failed checks (later still on a busy machine).
   */
  async balanced(): Promise<void> {
    await waitUntil(
      'the balancer to route to exactly the ready relays',
      async () => {
        const ready = await Promise.all(this.relays.map((relay) => isReady(relay)));
        const up = await this.#upForBalancer();
        const agrees = ready.every((yes, index) => up.has(`relay${index + 1}`) === yes);
        return agrees && up.size > 0 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
  }

  /**
   * Drains instance `index` at the balancer (`true`: new requests and agent connections go to the
   * other instances, the ones it holds stay) or gives it its share again (`false`).
   */
  async drain(index: number, drained: boolean): Promise<void> {
    const response = await fetch(`${this.url}${balancerStatsPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ b: 'relays', s: `relay${index + 1}`, action: drained ? 'drain' : 'ready' }),
      redirect: 'manual',
    });
    const location = response.headers.get('location') ?? '';
    if (!location.endsWith('st=DONE')) throw new Error(`draining relay${index + 1}: ${location}`);
  }

  /** The agent app connections instance `index` holds, as its readiness check reports them. */
  async agentConnections(index: number): Promise<number> {
    const relay = this.relays[index] as ClusterRelay;
    return ((await (await fetch(`${relay.url}/ready`)).json()) as { agents: number }).agents;
  }

  /** Bitrix24 events (all, or one kind) instance `index` itself has taken in, by its own metrics. */
  async eventsTaken(index: number, event?: string): Promise<number> {
    const relay = this.relays[index] as ClusterRelay;
    const text = await (await fetch(`${relay.url}/metrics`)).text();
    return [...text.matchAll(/^relay_events_in_total\{event="([^"]*)",[^}]*\} (\d+)$/gm)]
      .filter((match) => event === undefined || match[1] === event)
      .reduce((sum, match) => sum + Number(match[2]), 0);
  }

  /** The instances the balancer counts as up, by its server names (relay1, relay2, ...). */
  async #upForBalancer(): Promise<Set<string>> {
    const csv = await (await fetch(`${this.url}${balancerStatsPath};csv`)).text();
    const [header = '', ...rows] = csv.split('\n');
    const columns = header.replace(/^# /, '').split(',');
    const name = columns.indexOf('svname');
    const status = columns.indexOf('status');
    return new Set(
      rows
        .map((row) => row.split(','))
        // "UP 1/2": failing its checks, but still given requests until it is DOWN.
        .filter(
          (cells) => cells[0] === 'relays' && cells[name] !== 'BACKEND' && cells[status]?.startsWith('UP'),
        )
        .map((cells) => cells[name] ?? ''),
    );
  }

  async stop(): Promise<void> {
    await this.balancer?.stop();
    for (const relay of this.relays) await relay.service?.process.stop();
    await this.postgres.stop();
  }

  async #startBalancer(): Promise<void> {
    const config = path.join(this.dir, 'haproxy.cfg');
    writeFileSync(
      config,
      haproxyConfig({
        bind: new URL(this.url).host,
        relays: this.relays.map((relay) => new URL(relay.url).host),
      }),
    );
    const balancer = startProcess({
      name: 'haproxy',
      command: 'haproxy',
      args: ['-db', '-f', config],
      logFile: path.join(this.dir, 'haproxy.log'),
    });
    this.balancer = balancer;
    await waitUntil(
      'HAProxy to route to the relays',
      async () => ((await fetch(`${this.url}/health`).catch(() => undefined))?.ok ? true : undefined),
      {
        timeoutMs: 30_000,
        intervalMs: 50,
        abort: () => (balancer.exit() ? new Error(`haproxy exited: ${balancer.logTail()}`) : undefined),
      },
    );
  }
}

/** A TCP port on loopback nobody listens on right now. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether the instance itself says it is ready (its process runs, its database answers). */
async function isReady(relay: ClusterRelay): Promise<boolean> {
  if (!relay.service || relay.service.process.exit()) return false;
  try {
    return (await fetch(`${relay.url}/ready`)).ok;
  } catch {
    return false;
  }
}
