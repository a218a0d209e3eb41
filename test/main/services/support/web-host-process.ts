import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';
import { bridgePath, bridgeServerFrameSchema } from '../../../../common/host-api/bridge-protocol';
import { bridgeHandshake } from '../../../../common/host-api/launch-key';

const root = path.resolve(import.meta.dirname, '../../../..');

/** Host processes started and not yet exited, with the promise of their exit. */
const running = new Map<ChildProcess, Promise<number | null>>();

function signalIfRunning(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, signal);
}

/**
 * The real web host (`main/web-host/cli.ts`) as its own process on a profile, driven through its
 * bridge WebSocket exactly as a browser tab would (with the host's own Origin and its launch key). Started as
 * `node --import tsx` so that the PID we kill is the host itself, not a wrapper.
 */
export class WebHostProcess {
  readonly #child: ChildProcess;
  readonly #exited: Promise<number | null>;
  #socket: WebSocket | null = null;
  #nextId = 1;
  readonly #pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();

  private constructor(
    child: ChildProcess,
    /** The address the host printed, with its launch key. */
    readonly openUrl: string,
    exited: Promise<number | null>,
  ) {
    this.#child = child;
    this.#exited = exited;
  }

  get pid(): number {
    return this.#child.pid!;
  }

  /**
   * Starts a host and waits (no clock of its own: the test's timeout bounds it) until it is ready
   * and its bridge is connected. Once `signal` (the test's) aborts, the process is killed, also
   * while it is still starting, and no new one starts.
   */
  static async start(
    profileDir: string,
    extraArgs: string[] = [],
    signal?: AbortSignal,
  ): Promise<WebHostProcess> {
    signal?.throwIfAborted();
    const rendererDir = path.join(profileDir, '..', 'renderer-stub');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>stub</title>');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'main/web-host/cli.ts',
        '--port',
        '0',
        '--profile',
        profileDir,
        '--renderer',
        rendererDir,
        ...extraArgs,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    running.set(child, exited);
    void exited.then(() => running.delete(child));
    const killOnAbort = () => signalIfRunning(child, 'SIGKILL');
    signal?.addEventListener('abort', killOnAbort, { once: true });
    void exited.then(() => signal?.removeEventListener('abort', killOnAbort));
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /ready at (http:\/\/\S+)/.exec(output);
        if (ready) resolve(ready[1]!);
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      void exited.then((code) => reject(new Error(`web host exited with ${code}: ${output}`)));
    });
    const host = new WebHostProcess(child, url, exited);
    await host.#connect();
    return host;
  }

  /**
   * Stops (SIGTERM by PID) every host process still running, also one a timed-out test was still
   * starting, and waits until they have exited: the next test must not meet a previous one's host.
   */
  static async stopAll(): Promise<void> {
    for (const child of running.keys()) signalIfRunning(child, 'SIGTERM');
    await Promise.all(running.values());
  }

  async #connect(): Promise<void> {
    const { origin, headers } = bridgeHandshake(this.openUrl);
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}${bridgePath}`, { headers });
    socket.on('message', (data: Buffer) => {
      const frame = bridgeServerFrameSchema.parse(JSON.parse(data.toString()));
      if (frame.kind === 'event') return;
      const pending = this.#pending.get(frame.id);
      this.#pending.delete(frame.id);
      if (frame.kind === 'result') pending?.resolve(frame.result);
      else pending?.reject(new Error(frame.message));
    });
    socket.on('close', () => {
      for (const pending of this.#pending.values()) pending.reject(new Error('bridge closed'));
      this.#pending.clear();
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    this.#socket = socket;
  }

  /** One host API call over the bridge, as `{id, method, args}`. */
  call<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.#socket?.readyState !== WebSocket.OPEN) {
        reject(new Error(`bridge closed: ${method} not sent`));
        return;
      }
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#socket.send(JSON.stringify({ id, method, args }));
    });
  }

  /** `kill -9` by PID: no shutdown code runs, the journal is left as the crash left it. Resolves
   * with the signal the process died of, as its parent saw it. */
  async kill9(): Promise<NodeJS.Signals | null> {
    const died = new Promise<NodeJS.Signals | null>((resolve) =>
      this.#child.once('exit', (_code, signal) => resolve(signal)),
    );
    process.kill(this.pid, 'SIGKILL');
    const signal = await died;
    await this.#exited;
    this.#socket?.terminate();
    return signal;
  }

  /** An orderly stop (SIGTERM), waiting for the process to exit. */
  async stop(): Promise<void> {
    this.#socket?.close();
    signalIfRunning(this.#child, 'SIGTERM');
    await this.#exited;
  }
}
