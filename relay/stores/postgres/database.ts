import type { Logger } from 'pino';
import type { RelayStores } from '../stores';
import { TokenSeal } from '../token-seal';
import { PgCallbackQueue } from './callback-queue';
import { PgCommandStore } from './command-store';
import { PgDedupeStore } from './dedupe-store';
import { migrate } from './migrations';
import { PgNotificationBus } from './notification-bus';
import { PgPairingStore } from './pairing-store';
import { createPool, pgSql } from './pg-sql';
import { PgPortalStore } from './portal-store';
import { PgRateLimits } from './rate-limits';
import { PgRingGroupClaims } from './ring-group-claims';
import { PgTransferHandoffs } from './transfer-handoffs';
import { PgSessionStore } from './session-store';

/**
 * Opens the stores several relays share on one PostgreSQL database (`url`, a libpq connection
 * URI): migrates it under the advisory lock (relay/stores/postgres/migrations.ts), refuses tokens
 * sealed with another key, and starts listening on the notification channel.
 */
export async function openPostgresStores(
  url: string,
  options: { tokenKey?: string | undefined; log: Logger },
): Promise<RelayStores> {
  const pool = createPool(url);
  // An idle connection's error (the server restarting) must not crash the relay: the pool drops it.
  pool.on('error', (error) => options.log.warn({ err: error }, 'database connection lost'));
  const sql = pgSql(pool);
  const seal = new TokenSeal(options.tokenKey);
  const bus = new PgNotificationBus(pool, url, options.log);
  try {
    await migrate(pool);
    const { rows } = await sql.query<{ value: string }>(
      `SELECT refresh_token AS value FROM portals WHERE refresh_token LIKE 'sealed:%'
       UNION ALL (SELECT grant_json FROM sessions WHERE grant_json LIKE 'sealed:%') LIMIT 1`,
    );
    if (rows[0]) seal.open(rows[0].value);
    await bus.start();
  } catch (error) {
    await bus.close();
    await pool.end();
    throw error;
  }
  return {
    portals: new PgPortalStore(sql, seal),
    sessions: new PgSessionStore(sql, seal),
    pairings: new PgPairingStore(sql, seal),
    commands: new PgCommandStore(sql),
    dedupe: new PgDedupeStore(sql),
    callbacks: new PgCallbackQueue(sql),
    ringClaims: new PgRingGroupClaims(sql),
    handoffs: new PgTransferHandoffs(sql),
    rateLimits: new PgRateLimits(sql),
    bus,
    ping: async () => {
      try {
        await sql.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      await bus.close();
      await pool.end();
    },
  };
}
