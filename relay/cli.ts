import { pino } from 'pino';
import { build } from './app';
import { loadRelayConfig, RelayConfigError } from './config/relay-config';
import { openSqliteStores } from './stores/sqlite/database';
import { TokenSealError } from './stores/token-seal';

/**
 * `npm run relay`: loads the configuration (RELAY_CONFIG file + environment, docs/relay.md), opens
 * the SQLite store and listens. SIGINT/SIGTERM close connections and the database cleanly.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadRelayConfig();
  } catch (error) {
    if (error instanceof RelayConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel, name: 'relay' });
  let stores;
  try {
    stores = openSqliteStores(config.databasePath, { tokenKey: config.secrets.tokenKey });
  } catch (error) {
    if (error instanceof TokenSealError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const app = build(config, { stores, log });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'relay stopping');
    await app.close();
    await stores.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ host: config.listen.host, port: config.listen.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.listen.port;
  const local = `http://${config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host}:${port}`;
  config.publicUrl ||= local;
  log.info({ publicUrl: config.publicUrl, database: config.databasePath }, 'relay listening');
  // One plain line for scripts that start the relay (sandbox demo, end-to-end tests) to wait for.
  console.log(`relay ready at ${local} (public ${config.publicUrl})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
