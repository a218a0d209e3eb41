import type { Logger } from 'pino';
import type { HubCommand, HubNotice } from '../common/relay/hub-protocol';
import { Installer } from './bitrix/installer';
import { PortalApi } from './bitrix/portal-api';
import { RestClient } from './bitrix/rest-client';
import { PortalCountries } from './config/portal-countries';
import type { RelayConfig } from './config/relay-config';
import { CallbackDispatcher } from './dispatch/callback-dispatcher';
import { ClickToCall } from './dispatch/click-to-call';
import { CommandCenter } from './dispatch/command-center';
import { TransferHandoffDispatch } from './dispatch/transfer-handoffs';
import { RingGroups } from './dispatch/ring-groups';
import { AgentHub } from './hub/agent-hub';
import { requestLimit, type RequestLimit } from './hub/request-limit';
import { RelayMetrics } from './ops/metrics';
import { RouteLookup } from './routing/route-lookup';
import { AgentSessions } from './sessions/agent-sessions';
import { EndpointPolicy } from './sessions/oauth-servers';
import { defaultLineOf } from './config/default-line';
import { SignIn } from './sessions/sign-in';
import { TokenBroker } from './sessions/token-broker';
import type { RelayStores } from './stores/stores';

/** Request budgets (relay configuration `limits`): per agent session, and per source address. */
export interface RelayLimits {
  /** A session's HTTP requests and the requests of all its hub sockets, together. */
  sessions: RequestLimit;
  /** The routes anyone may call, by `addressKey` of the client's address. */
  addresses: RequestLimit;
}

export interface RelayServices {
  config: RelayConfig;
  limits: RelayLimits;
  stores: RelayStores;
  log: Logger;
  metrics: RelayMetrics;
  now: () => number;
  hub: AgentHub;
  sessions: AgentSessions;
  signIn: SignIn;
  tokens: TokenBroker;
  installer: Installer;
  commands: CommandCenter;
  clickToCall: ClickToCall;
  callbacks: CallbackDispatcher;
  routes: RouteLookup;
  /** Forgets a portal: its installation, sessions (connections closed) and callback queue. */
  uninstall(memberId: string): Promise<void>;
  /** Starts the sweeps (time-outs, callback rounds, pruning). */
  start(): void;
  stop(): Promise<void>;
}

export interface RelayDeps {
  stores: RelayStores;
  log: Logger;
  /** The relay's clock (tests move it); epoch ms. */
  now?: () => number;
  fetch?: typeof fetch;
  /** How often time-outs are swept; 250 ms unless a test wants it faster. */
  sweepIntervalMs?: number;
}

/** The composition root of the relay: every service built once from the config and the stores. */
export function createRelayServices(config: RelayConfig, deps: RelayDeps): RelayServices {
  const { stores, log } = deps;
  const now = deps.now ?? Date.now;
  const client = { clientId: config.app.clientId, clientSecret: config.secrets.clientSecret };
  const metrics = new RelayMetrics();
  const rest = new RestClient(deps.fetch ? { fetch: deps.fetch } : {});
  const api = new PortalApi(rest, stores.portals, client, log);
  const sessions = new AgentSessions(stores.sessions, config.sessions.ttlMs, log, now);
  const countries = new PortalCountries(config, stores.portals);
  const maxKeys = config.limits.trackedKeys;
  const limits: RelayLimits = {
    sessions: requestLimit(
      'session',
      { ratePerSecond: config.limits.sessionRatePerSecond, maxKeys },
      stores.rateLimits,
    ),
    addresses: requestLimit(
      'address',
      { ratePerSecond: config.limits.addressRatePerSecond, maxKeys },
      stores.rateLimits,
    ),
  };
  // The hub asks the command center and the callback dispatcher about a fresh connection; both are
  // built after the hub (they register its request handlers), hence the late binding.
  const late: { commands?: CommandCenter; callbacks?: CallbackDispatcher } = {};
  const hub: AgentHub = new AgentHub({
    sessions,
    heartbeatMs: config.hub.heartbeatMs,
    limits: limits.sessions,
    socketsPerSession: config.limits.socketsPerSession,
    countryOf: (domain) => countries.ofDomain(domain),
    lineOf: (userId) => defaultLineOf(config.lines, userId),
    log,
    metrics,
    pendingCommands: (memberId, userId): Promise<HubCommand[]> =>
      commands?.pendingFor(memberId, userId) ?? Promise.resolve([]),
    initialNotices: async (connection): Promise<HubNotice[]> =>
      callbacks ? [await callbacks.initialNotice(connection.memberId)] : [],
    ...(stores.bus ? { bus: stores.bus } : {}),
    now,
  });
  const commands: CommandCenter = new CommandCenter({
    commands: stores.commands,
    hub,
    api,
    metrics,
    log,
    now,
  });
  const callbacks: CallbackDispatcher = new CallbackDispatcher({
    queue: stores.callbacks,
    dedupe: stores.dedupe,
    commands,
    hub,
    log,
    offerTimeoutMs: config.callbacks.offerTimeoutMs,
    reofferAfterMs: config.callbacks.reofferAfterMs,
    maxWaitMs: config.callbacks.maxWaitMs,
    ...(stores.bus ? { bus: stores.bus } : {}),
    now,
  });
  late.commands = commands;
  late.callbacks = callbacks;
  const ringGroups = new RingGroups({
    claims: stores.ringClaims,
    hub,
    api,
    portals: stores.portals,
    metrics,
    log,
    missedAfterMs: config.ringGroups.missedAfterMs,
    maxRingMs: config.ringGroups.maxRingMs,
    responsibleUsers: config.ringGroups.responsibleUsers,
    now,
  });
  const transfers = new TransferHandoffDispatch({
    handoffs: stores.handoffs,
    hub,
    api,
    metrics,
    log,
    adoptWithinMs: config.transfers.adoptWithinMs,
    now,
  });
  const clickToCall = new ClickToCall({
    commands,
    hub,
    countries,
    dedupe: stores.dedupe,
    metrics,
    log,
    acceptTimeoutMs: config.clickToCall.acceptTimeoutMs,
    maxEventAgeMs: config.clickToCall.maxEventAgeMs,
    now,
  });
  const installer = new Installer({
    portals: stores.portals,
    rest,
    policy: new EndpointPolicy(config.portals.oauthServers, config.portals.allowInsecureHttp),
    client,
    lines: config.lines,
    eventUrl: () => `${config.publicUrl}/bitrix/events`,
    log,
    now,
  });
  const signIn = new SignIn({
    portals: stores.portals,
    pairings: stores.pairings,
    sessions,
    rest,
    client,
    timeoutMs: config.sessions.signInTimeoutMs,
    publicUrl: () => config.publicUrl,
    log,
    now,
  });
  const tokens = new TokenBroker({
    sessions,
    rest,
    client,
    refreshMarginMs: config.sessions.refreshMarginMs,
    forcedRefreshes: requestLimit(
      'forced-refresh',
      {
        ratePerSecond: config.limits.forcedRefreshesPerMinute / 60,
        burst: config.limits.forcedRefreshesPerMinute,
        maxKeys,
      },
      stores.rateLimits,
    ),
    log,
    now,
  });
  const routes = new RouteLookup({
    api,
    fallbackExtension: config.route.fallbackExtension,
    cacheTtlMs: config.route.cacheTtlMs,
    workdayTtlMs: config.route.workdayTtlMs,
    awayStatuses: config.route.awayStatuses,
    countries,
    log,
    now,
  });

  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, task: () => Promise<unknown>) => {
    const timer = setInterval(() => {
      task().catch((error: unknown) => log.error({ err: error }, 'periodic relay task failed'));
    }, ms);
    timer.unref();
    timers.push(timer);
  };

  return {
    config,
    limits,
    stores,
    log,
    metrics,
    now,
    hub,
    sessions,
    signIn,
    tokens,
    installer,
    commands,
    clickToCall,
    callbacks,
    routes,
    async uninstall(memberId) {
      await stores.portals.remove(memberId);
      await sessions.endFor(memberId, undefined, 'the application was uninstalled');
      for (const entry of await stores.callbacks.list(memberId)) await stores.callbacks.remove(entry.id);
      log.info({ memberId }, 'application uninstalled: portal forgotten');
    },
    start() {
      hub.start();
      every(deps.sweepIntervalMs ?? 250, () => commands.sweep());
      every(config.callbacks.roundMs, () => callbacks.tick());
      every(1_000, () => ringGroups.sweep());
      every(1_000, () => transfers.sweep());
      every(60_000, async () => {
        const at = now();
        await sessions.endExpired();
        await stores.pairings.removeExpired(at);
        await stores.dedupe.prune(at);
        await stores.rateLimits?.prune(at);
        await stores.commands.prune(at - 24 * 3600_000);
        await stores.ringClaims.prune(at - 4 * 3600_000);
        await stores.handoffs.prune(at - 24 * 3600_000);
      });
      // Whatever was due while the relay was down is handled now, not a period later.
      void commands.sweep();
      void callbacks.tick();
    },
    async stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
      await callbacks.idle();
      await hub.close();
    },
  };
}
