import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { hubInstanceHeader, hubPath, hubServerMessageSchema } from '../../common/relay/hub-protocol';
import { benchApplicationToken, benchMemberId } from './relay-bench-portal';

/** The relay in a child process, and the agents and Bitrix24 events a benchmark throws at it. */
export class RelayUnderLoad {
  readonly #pendingEvents = new Map<string, number>();
  readonly latencies: number[] = [];
  readonly #agents: WebSocket[] = [];
  #callCounter = 0;
  #holder: ChildProcess | null = null;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

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

  /** Connects one agent app; it accepts every click-to-call it gets, as the real app does. */
  connect(session: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url.replace(/^http/, 'ws') + hubPath, {
        headers: {
          authorization: `Bearer ${session}`,
          [hubInstanceHeader]: `bench-${this.#agents.length}-app`,
        },
      });
      let nextId = 1;
      socket.on('message', (data: Buffer) => {
        const message = hubServerMessageSchema.parse(JSON.parse(data.toString('utf8')));
        if (message.t === 'welcome') resolve();
        if (message.t !== 'command' || message.command.kind !== 'click-to-call') return;
        const sentAt = this.#pendingEvents.get(message.command.callId);
        if (sentAt !== undefined) {
          this.latencies.push(performance.now() - sentAt);
          this.#pendingEvents.delete(message.command.callId);
        }
        socket.send(
          JSON.stringify({
            t: 'request',
            id: nextId++,
            method: 'command/accept',
            params: { commandId: message.command.id },
          }),
        );
      });
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`hub: ${response.statusCode}`)),
      );
      socket.once('error', reject);
      this.#agents.push(socket);
    });
  }

  /** ONEXTERNALCALLSTART for `userId`, form-encoded as Bitrix24 sends it; latency is taken when its command arrives. */
  async click(userId: number, measured = true): Promise<void> {
    const callId = `externalCall.bench${(this.#callCounter += 1)}.${Date.now()}`;
    const body = new URLSearchParams({
      event: 'ONEXTERNALCALLSTART',
      event_handler_id: '1',
      'data[CALL_ID]': callId,
      'data[USER_ID]': String(userId),
      'data[PHONE_NUMBER]': '+79161234567',
      'data[LINE_NUMBER]': '74950001122',
      'data[CRM_ENTITY_TYPE]': 'CONTACT',
      'data[CRM_ENTITY_ID]': '1',
      ts: String(Math.floor(Date.now() / 1000)),
      'auth[member_id]': benchMemberId,
      'auth[application_token]': benchApplicationToken,
      'auth[domain]': 'bench.example',
    }).toString();
    if (measured) this.#pendingEvents.set(callId, performance.now());
    const response = await fetch(`${this.url}/bitrix/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    if (response.status !== 200)
      throw new Error(`event refused: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  }

  /**
   * Sends `count` events at `perSecond`, open loop (not waiting for answers), to users picked by
   * `user`; `measured(index)` false sends one whose command nobody here times (a held app's).
   */
  async drive(
    count: number,
    perSecond: number,
    user: (index: number) => number,
    measured: (index: number) => boolean = () => true,
  ): Promise<void> {
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let index = 0; index < count; index += 1) {
      const due = started + (index * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(this.click(user(index), measured(index)));
    }
    await Promise.all(inFlight);
    const deadline = performance.now() + 5000;
    while (this.#pendingEvents.size > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (this.#pendingEvents.size > 0) throw new Error(`${this.#pendingEvents.size} commands never arrived`);
  }

  /** Connects more apps in a separate process that only holds them (they accept what they get). */
  async hold(tokens: string[], firstIndex: number): Promise<number> {
    this.#holder ??= fork('bench/support/relay-agents-holder.ts', [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const holder = this.#holder;
    return new Promise((resolve) => {
      holder.once('message', (reply: { connected: number }) => resolve(reply.connected));
      holder.send({ url: this.url, tokens, firstIndex });
    });
  }

  /** Sends an event nobody here measures (to a held app). */
  async unmeasuredClick(userId: number): Promise<void> {
    await this.click(userId, false);
  }

  get agentCount(): number {
    return this.#agents.length;
  }

  async stop(): Promise<void> {
    for (const socket of this.#agents) socket.terminate();
    this.#holder?.kill();
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
