import { fork, type ChildProcess } from 'node:child_process';
import { DispatchLoad } from './dispatch-load';
import { benchApplicationToken, benchMemberId } from './relay-bench-portal';

/** The relay in a child process (SQLite), and the agents and Bitrix24 events a benchmark throws at it. */
export class RelayUnderLoad extends DispatchLoad {
  private constructor(
    private readonly child: ChildProcess,
    url: string,
  ) {
    super(url, { memberId: benchMemberId, applicationToken: benchApplicationToken, domain: 'bench.example' });
  }

  static async start(): Promise<RelayUnderLoad> {
    // RELAY_BENCH_CPU_PROFILE=<folder>: the relay writes a V8 CPU profile there when it stops.
    const profile = process.env.RELAY_BENCH_CPU_PROFILE;
    const child = fork('bench/support/relay-bench-server.ts', [], {
      execArgv: [
        '--import',
        'tsx',
        '--expose-gc',
        ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message: { port?: number }) => resolve(message.port ?? 0));
      child.once('exit', (code) => reject(new Error(`relay exited (${code})`)));
    });
    return new RelayUnderLoad(child, `http://127.0.0.1:${port}`);
  }

  #ask<T>(message: object, key: string): Promise<T> {
    return new Promise((resolve) => {
      const listener = (reply: Record<string, unknown>) => {
        if (!(key in reply)) return;
        this.child.off('message', listener);
        resolve(reply as T);
      };
      this.child.on('message', listener);
      this.child.send(message);
    });
  }

  async sessions(count: number, firstUserId: number): Promise<string[]> {
    return (await this.#ask<{ tokens: string[] }>({ sessions: count, firstUserId }, 'tokens')).tokens;
  }

  async memory(): Promise<{ rss: number; heapUsed: number; connections: number }> {
    const reply = await this.#ask<{ memory: NodeJS.MemoryUsage; connections: number }>(
      { memory: true },
      'memory',
    );
    return { rss: reply.memory.rss, heapUsed: reply.memory.heapUsed, connections: reply.connections };
  }

  /** The relay's event-loop delay (ms) since the last reading. */
  async loopDelay(): Promise<{ p50: number; p99: number; max: number; cpuShare: number }> {
    return (
      await this.#ask<{ loopDelay: { p50: number; p99: number; max: number; cpuShare: number } }>(
        { loopDelay: true },
        'loopDelay',
      )
    ).loopDelay;
  }

  /** The relay's own dispatch histogram (event received -> command written): cumulative counts by bound in s. */
  relayHistogram(): Promise<Map<string, number>> {
    return dispatchHistogram(this.url);
  }

  /** Share of the dispatches between two histogram readings that took at most each bound, as text. */
  static describeRelaySide(before: Map<string, number>, after: Map<string, number>): string {
    const total = (after.get('+Inf') ?? 0) - (before.get('+Inf') ?? 0);
    const share = (bound: string) =>
      total === 0
        ? 'n/a'
        : `${((100 * ((after.get(bound) ?? 0) - (before.get(bound) ?? 0))) / total).toFixed(1)} %`;
    return `relay side (received -> written to the socket): <= 1 ms ${share('0.001')}, <= 5 ms ${share('0.005')}, <= 50 ms ${share('0.05')} (n=${total})`;
  }

  async stop(): Promise<void> {
    this.disconnect();
    this.child.send({ stop: true });
    await new Promise((resolve) => this.child.once('exit', resolve));
  }
}

/** A relay's dispatch histogram (event received -> command written), read from its /metrics: cumulative counts by bound in s. */
export async function dispatchHistogram(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/^relay_dispatch_latency_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)) {
    counts.set(match[1] ?? '', Number(match[2]));
  }
  return counts;
}

/** Several relays' dispatch histograms added up, bound by bound. */
export async function summedDispatchHistogram(urls: string[]): Promise<Map<string, number>> {
  const sum = new Map<string, number>();
  for (const url of urls)
    for (const [bound, count] of await dispatchHistogram(url)) sum.set(bound, (sum.get(bound) ?? 0) + count);
  return sum;
}
