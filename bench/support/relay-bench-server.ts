/**
 * The relay under benchmark, in its own process (so the load generator does not share its event
 * loop): SQLite in a temporary folder, one installed portal written straight into the store (no
 * emulator: the dispatch path never calls Bitrix24 when apps accept their commands), listening on
 * 127.0.0.1. Driven over IPC by bench/relay-*.bench.ts:
 *   -> {ready, port}; {sessions: n, firstUserId} -> {tokens}; {memory} -> process.memoryUsage() after gc;
 *   {loopDelay} -> since the last ask: the event loop's delay percentiles (ms; the relay's own work
 *   and its waits for a CPU together) and the share of one core the relay used, which tells the two apart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { build } from '../../relay/app';
import { resolveRelayConfig } from '../../relay/config/relay-config';
import { openSqliteStores } from '../../relay/stores/sqlite/database';
import { benchApplicationToken, benchMemberId } from './relay-bench-portal';

const dir = mkdtempSync(path.join(tmpdir(), 'relay-bench-'));
const config = resolveRelayConfig(
  {
    databasePath: path.join(dir, 'relay.db'),
    logLevel: 'warn',
    limits: { sessionRatePerSecond: 1000 },
    clickToCall: { acceptTimeoutMs: 30_000 },
  },
  {
    B24_CLIENT_ID: 'local.bench.1',
    B24_CLIENT_SECRET: 'bench-secret',
    RELAY_PUBLIC_URL: 'http://127.0.0.1:1',
  },
);
const stores = openSqliteStores(config.databasePath);
const app = build(config, { stores, log: pino({ level: 'warn' }) });
await stores.portals.save({
  memberId: benchMemberId,
  domain: 'bench.example',
  clientEndpoint: 'http://127.0.0.1:1/rest/',
  serverEndpoint: 'http://127.0.0.1:1/oauth-server/rest/',
  applicationToken: benchApplicationToken,
  accessToken: 'unused',
  refreshToken: 'unused',
  accessExpiresAt: Date.now() + 3600_000,
  scope: 'telephony',
  installedAt: Date.now(),
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
let since = { cpu: process.cpuUsage(), at: performance.now() };

process.on(
  'message',
  (message: {
    sessions?: number;
    firstUserId?: number;
    memory?: boolean;
    loopDelay?: boolean;
    stop?: boolean;
  }) => {
    void (async () => {
      if (message.sessions !== undefined) {
        const tokens: string[] = [];
        for (let index = 0; index < message.sessions; index += 1) {
          const userId = (message.firstUserId ?? 1) + index;
          const { token } = await app.relay.sessions.create({
            memberId: benchMemberId,
            userId,
            accessToken: `access-${userId}`,
            refreshToken: `refresh-${userId}`,
            accessExpiresAt: Date.now() + 3600_000,
            clientEndpoint: 'http://127.0.0.1:1/rest/',
            serverEndpoint: 'http://127.0.0.1:1/oauth-server/rest/',
            domain: 'bench.example',
            scope: 'telephony',
            status: 'L',
          });
          tokens.push(token);
        }
        process.send?.({ tokens });
      }
      if (message.memory) {
        globalThis.gc?.();
        process.send?.({ memory: process.memoryUsage(), connections: app.relay.hub.connectionCount });
      }
      if (message.loopDelay) {
        const ms = (ns: number) => ns / 1e6;
        process.send?.({
          loopDelay: {
            p50: ms(loopDelay.percentile(50)),
            p99: ms(loopDelay.percentile(99)),
            max: ms(loopDelay.max),
            cpuShare: (() => {
              const used = process.cpuUsage(since.cpu);
              return (used.user + used.system) / 1000 / (performance.now() - since.at);
            })(),
          },
        });
        loopDelay.reset();
        since = { cpu: process.cpuUsage(), at: performance.now() };
      }
      if (message.stop) {
        await app.close();
        await stores.close();
        rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      }
    })();
  },
);
process.send?.({ ready: true, port });
