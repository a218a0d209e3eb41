import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { build } from './app';
import { loadRelayConfig, RelayConfigError, relayEnv } from './config/relay-config';
import { databaseName, openStores } from './stores/open-stores';
import { TokenSealError } from './stores/token-seal';

/**
 * `npm run relay [-- --database-url postgresql://...]`: loads the configuration (RELAY_CONFIG file +
 * environment, docs/relay.md; the flag wins over RELAY_DATABASE_URL), opens the stores (SQLite, or
 * PostgreSQL shared with other relays) and listens. SIGINT/SIGTERM close connections and the
 * database cleanly.
 */
async function main(): Promise<void> {
  let config;
  try {
    const { values } = parseArgs({ options: { 'database-url': { type: 'string' } } });
    const flag = values['database-url'];
    config = loadRelayConfig(flag ? { ...process.env, [relayEnv.databaseUrl]: flag } : process.env);
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`${error.message}; the relay takes --database-url <postgresql://...> only`);
      process.exit(2);
    }
    if (error instanceof RelayConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel, name: 'relay' });
  let stores;
  try {
    stores = await openStores(config, log);
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
  log.info({ publicUrl: config.publicUrl, database: databaseName(config) }, 'relay listening');
  // One plain line for scripts that start the relay (sandbox demo, end-to-end tests) to wait for.
  console.log(`relay ready at ${local} (public ${config.publicUrl})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
