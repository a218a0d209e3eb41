import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A loopback TCP proxy to one server that a test can cut, as when the relay instance an app reached
 * through the balancer dies: `cut` closes the connections through it from the server's side (what
 * the server wrote before still arrives, in order) and resets new ones as they come; `mend` lets
 * them through again (the balancer sends the app to a live instance).
 */
export class CuttableProxy {
  readonly #clients = new Set<Socket>();
  readonly #upstreams = new Set<Socket>();
  readonly #server = createServer((client) => this.#pass(client));
  #cut = false;
  #url = '';

  private constructor(private readonly target: URL) {}

  /** The proxy's own address, with the target's scheme. */
  get url(): string {
    return this.#url;
  }

  /** Listens on a free loopback port in front of `targetUrl` (http://host:port). */
  static start(targetUrl: string): Promise<CuttableProxy> {
    const proxy = new CuttableProxy(new URL(targetUrl));
    return new Promise((resolve, reject) => {
      proxy.#server.once('error', reject);
      proxy.#server.listen(0, '127.0.0.1', () => {
        const address = proxy.#server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        proxy.#url = `${proxy.target.protocol}//127.0.0.1:${port}`;
        resolve(proxy);
      });
    });
  }

  /** The server sees its connections end and closes them; the clients then see them closed. */
  cut(): void {
    this.#cut = true;
    for (const upstream of this.#upstreams) upstream.end();
  }

  mend(): void {
    this.#cut = false;
  }

  close(): Promise<void> {
    this.#cut = true;
    for (const socket of [...this.#clients, ...this.#upstreams]) socket.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #pass(client: Socket): void {
    if (this.#cut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host: this.target.hostname, port: Number(this.target.port) });
    for (const [from, to, open] of [
      [client, upstream, this.#clients],
      [upstream, client, this.#upstreams],
    ] as const) {
      open.add(from);
      // An end passes on through the pipe once what came before it is written.
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => open.delete(from));
    }
  }
}
