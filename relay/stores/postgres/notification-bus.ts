import pg from 'pg';
import type { Logger } from 'pino';
import { randomId } from '../../sessions/secrets';
import type { BusMessage, RelayBus } from '../stores';

const channel = 'relay_hub';
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
const maxPayloadBytes = 7_900;

/**
 * The relays' bus on PostgreSQL LISTEN/NOTIFY: every instance listens on one channel on a
 * connection of its own and publishes with pg_notify. NOTIFY is delivered only to sessions
 * listening at the time it commits, so a listener that lost its connection reconnects (with
 * backoff) and then reports `onResumed`: the hub re-sends its agents' stored commands, which is
 * what makes a missed message harmless.
 */
export class PgNotificationBus implements RelayBus {
  /** This relay's own id: it hears its own notifications too, and skips them. */
  readonly #origin = randomId('relay');
  readonly #receivers: ((message: BusMessage) => void)[] = [];
  readonly #resumed: (() => void)[] = [];
  #client: pg.Client | undefined;
  #listening = false;
  #closed = false;
  #everListened = false;
  #retryMs = 100;
  #retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  get listening(): boolean {
    return this.#listening;
  }

  /** Resolves once listening, or rejects with the first failure (the caller decides to start or not). */
  async start(): Promise<void> {
    await this.#listen();
  }

  async publish(message: BusMessage): Promise<void> {
    const payload = JSON.stringify({ from: this.#origin, message });
    if (Buffer.byteLength(payload) > maxPayloadBytes) {
      this.log.error(
        { bytes: Buffer.byteLength(payload) },
        'hub message too large for NOTIFY: not sent to other relays',
      );
      return;
    }
    await this.pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  subscribe(receive: (message: BusMessage) => void): void {
    this.#receivers.push(receive);
  }

  onResumed(resumed: () => void): void {
    this.#resumed.push(resumed);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#listening = false;
    await this.#client?.end().catch(() => undefined);
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client));
    client.on('notification', (notification) => {
      if (notification.channel !== channel || !notification.payload) return;
      let parsed: { from: string; message: BusMessage };
      try {
        parsed = JSON.parse(notification.payload) as { from: string; message: BusMessage };
      } catch {
        return;
      }
      if (parsed.from === this.#origin) return;
      for (const receive of this.#receivers) receive(parsed.message);
    });
    this.#client = client;
    await client.connect();
    await client.query(`LISTEN ${channel}`);
    this.#listening = true;
    this.#retryMs = 100;
    if (this.#everListened) {
      this.log.info('notification channel back: resuming agents');
      for (const resumed of this.#resumed) resumed();
    }
    this.#everListened = true;
  }

  #lost(client: pg.Client, error?: Error): void {
    if (client !== this.#client || this.#closed) return;
    this.#client = undefined;
    this.#listening = false;
    this.log.warn({ err: error }, 'notification channel lost: reconnecting');
    client.end().catch(() => undefined);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#retry = setTimeout(() => {
      this.#listen().catch((error: unknown) => {
        this.log.debug({ err: error }, 'notification channel still down');
        this.#client?.end().catch(() => undefined);
        this.#client = undefined;
        this.#listening = false;
        this.#retryMs = Math.min(5_000, this.#retryMs * 2);
        this.#schedule();
      });
    }, this.#retryMs);
    this.#retry.unref();
  }
}
