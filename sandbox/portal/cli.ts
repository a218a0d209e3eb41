import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { configPatchSchema } from './config';
import { build, listen } from './server';
import { loadSnapshot, persistTo } from './snapshot';

/**
 * `npm run portal -- --port N [--data snapshot.json] [--config config.json]`
 * Listens on 127.0.0.1:N and prints one ready line. With --data the portal starts from the
 * snapshot (or from the seed when the file does not exist yet) and writes it back as it changes.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8090' },
    data: { type: 'string' },
    config: { type: 'string' },
  },
  strict: true,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`portal emulator: --port must be a port number, got ${values.port}`);
  process.exit(2);
}

const data = values.data ? loadSnapshot(values.data) : undefined;
const config = values.config ? configPatchSchema.parse(JSON.parse(readFileSync(values.config, 'utf8'))) : {};
const app = build({ ...(data ? { data } : {}), config });
const origin = await listen(app, port);
const flush = values.data ? persistTo(app.portal, values.data) : () => undefined;

const stop = () => {
  flush();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

console.log(`portal emulator ready at ${origin} (app client_id=${app.portal.mainApp.clientId})`);
