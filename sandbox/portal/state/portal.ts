import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { defaultPortalPort } from '../default-port';
import type { PortalConfig } from '../config';
import { defaultConfig } from '../config';
import { Faults } from '../faults';
import { LeakyBuckets } from '../transport/rate-limit';
import { isoWithOffset } from '../transport/time-envelope';
import type { App, Call, EventDelivery, RequestLogEntry, User } from './model';
import type { PortalData } from './portal-data';
import { seedData } from './seed';

export interface PortalOptions {
  data?: PortalData;
  config?: PortalConfig;
  clock?: Clock;
  /** Scheme, host and port the portal is reached at; `listen()` sets the real one. */
  origin?: string;
}

/**
 * The emulated portal's state and the few facts everything else derives from (origin, domain,
 * endpoints, clock). Behaviour lives in the modules that take a Portal: oauth/, methods/, events/.
 */
export class Portal {
  data: PortalData;
  config: PortalConfig;
  readonly clock: Clock;
  origin: string;
  requests: RequestLogEntry[] = [];
  deliveries: EventDelivery[] = [];
  faults = new Faults();
  readonly rateLimit = new LeakyBuckets();
  /** Per subject and method: execution seconds in the last 10 minutes (the `operating` figure). */
  readonly operating = new Map<string, { at: number; seconds: number }[]>();
  /** Called after every change worth persisting (the CLI saves the snapshot). */
  onChange: (() => void) | null = null;

  /** The data the portal started with, for POST /_sandbox/reset. */
  readonly initialData: PortalData;

  constructor(options: PortalOptions = {}) {
    this.data = options.data ?? seedData();
    this.initialData = structuredClone(this.data);
    this.config = options.config ?? structuredClone(defaultConfig);
    this.clock = options.clock ?? systemClock;
    this.origin = options.origin ?? `http://127.0.0.1:${defaultPortalPort}`;
  }

  now(): number {
    return this.clock.now();
  }

  /** Now as ISO-8601 UTC, for the observation API. */
  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  /** A moment in the portal's time zone, with its offset. */
  portalTime(ms: number): string {
    return isoWithOffset(ms, this.config.timeZoneOffsetMinutes);
  }

  /** The portal's address without scheme, as Bitrix24 sends it in `domain`. */
  get domain(): string {
    return new URL(this.origin).host;
  }

  get clientEndpoint(): string {
    return `${this.origin}/rest/`;
  }

  /**
   * The OAuth server's REST address. Like `https://oauth.bitrix.info/rest/` it ends in `/rest/`, so
   * the SDK's refresh (`{server_endpoint minus /rest/}/oauth/token/`) reaches /oauth-server/oauth/token/.
   */
  get serverEndpoint(): string {
    return `${this.origin}/oauth-server/rest/`;
  }

  nextId(sequence: string): number {
    const value = this.data.sequences[sequence] ?? 1;
    this.data.sequences[sequence] = value + 1;
    return value;
  }

  /**
   * Back to a clean slate for the next test: no calls, chat messages, recordings, activities, requests, deliveries
   * or faults, the CRM as it started. Tokens, webhooks, event handlers, lines and apps stay unless
   * `full`, which restores everything the portal started with.
   */
  reset(full: boolean): void {
    const initial = structuredClone(this.initialData);
    if (full) {
      this.data = initial;
    } else {
      this.data.calls = [];
      this.data.chatMessages = [];
      this.data.uploads = [];
      this.data.activities = [];
      this.data.authCodes = [];
      this.data.crm = initial.crm;
      for (const sequence of ['CONTACT', 'COMPANY', 'LEAD']) {
        this.data.sequences[sequence] = initial.sequences[sequence] ?? 1;
      }
    }
    this.requests = [];
    this.deliveries = [];
    this.faults = new Faults();
    this.rateLimit.clear();
    this.operating.clear();
    this.changed();
  }

  changed(): void {
    this.onChange?.();
  }

  user(id: number): User | undefined {
    return this.data.users.find((user) => user.ID === id);
  }

  activeUser(id: number): User | undefined {
    const user = this.user(id);
    return user?.ACTIVE ? user : undefined;
  }

  userByExtension(extension: string): User | undefined {
    return this.data.users.find((user) => user.UF_PHONE_INNER !== null && user.UF_PHONE_INNER === extension);
  }

  app(clientId: string): App | undefined {
    return this.data.apps.find((app) => app.clientId === clientId);
  }

  /** The application the demo is about: the first one installed. */
  get mainApp(): App {
    const app = this.data.apps[0];
    if (!app) throw new Error('the portal has no application');
    return app;
  }

  call(callId: string): Call | undefined {
    return this.data.calls.find((call) => call.CALL_ID === callId);
  }

  /** Adds a method's execution time to the operating figure and returns the sum over 10 minutes. */
  addOperating(subject: string, method: string, seconds: number): number {
    const key = `${subject}|${method}`;
    const entries = this.#recentOperating(key);
    entries.push({ at: this.now(), seconds });
    this.operating.set(key, entries);
    return entries.reduce((sum, entry) => sum + entry.seconds, 0);
  }

  /**
   * Whether `method` is blocked by the resource limit: some application or webhook has summed more
   * than `operatingLimitSec` of its execution time within 10 minutes, and then the method is refused
   * for everyone on the portal until enough of that time has aged out.
   */
  operatingBlocked(method: string): boolean {
    for (const key of this.operating.keys()) {
      if (!key.endsWith(`|${method}`)) continue;
      const sum = this.#recentOperating(key).reduce((total, entry) => total + entry.seconds, 0);
      if (sum > this.config.operatingLimitSec) return true;
    }
    return false;
  }

  #recentOperating(key: string): { at: number; seconds: number }[] {
    const now = this.now();
    return (this.operating.get(key) ?? []).filter((entry) => now - entry.at < 600_000);
  }
}
