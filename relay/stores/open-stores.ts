import type { Logger } from 'pino';
import type { RelayConfig } from '../config/relay-config';
import { openPostgresStores } from './postgres/database';
import { openSqliteStores } from './sqlite/database';
import type { RelayStores } from './stores';

/** The configured stores: PostgreSQL shared with other relays when a database URL is set, else the SQLite file. */
export async function openStores(config: RelayConfig, log: Logger): Promise<RelayStores> {
  const tokenKey = config.secrets.tokenKey;
  return config.databaseUrl
    ? openPostgresStores(config.databaseUrl, { tokenKey, log })
    : openSqliteStores(config.databasePath, { tokenKey });
}

/** The database to name in logs: the file, or the PostgreSQL URI without its password. */
export function databaseName(config: RelayConfig): string {
  if (!config.databaseUrl) return config.databasePath;
  try {
    const url = new URL(config.databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgresql';
  }
}
