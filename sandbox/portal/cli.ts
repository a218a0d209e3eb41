import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configPatchSchema } from './config';
import { build, listen } from './server';
import type { PortalData } from './state/portal-data';
import { seedData } from './state/seed';

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

function loadData(file: string | undefined): PortalData | undefined {
  if (!file || !existsSync(file)) return undefined;
  const loaded = JSON.parse(readFileSync(file, 'utf8')) as Partial<PortalData>;
  return { ...seedData(), ...loaded };
}

function loadConfig(file: string | undefined) {
  if (!file) return {};
  return configPatchSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

const data = loadData(values.data);
const app = build({ ...(data ? { data } : {}), config: loadConfig(values.config) });
const origin = await listen(app, port);

if (values.data) {
  const file = values.data;
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    timer = null;
    writeFileSync(`${file}.tmp`, JSON.stringify(app.portal.data, null, 2));
    renameSync(`${file}.tmp`, file);
  };
  app.portal.onChange = () => {
    timer ??= setTimeout(save, 200);
  };
  save();
  const stop = () => {
    if (timer) clearTimeout(timer);
    save();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  process.on('SIGINT', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

console.log(`portal emulator ready at ${origin} (app client_id=${app.portal.mainApp.clientId})`);
