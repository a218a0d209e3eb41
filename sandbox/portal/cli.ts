import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import type { ConfigPatch } from './config';
import { configPatchSchema } from './config';
import { defaultPortalPort } from './default-port';
import { build, listen } from './server';
import { loadSnapshot, persistTo, SnapshotError } from './snapshot';
import { describeIssues } from './snapshot-schema';
import type { PortalData } from './state/portal-data';

/**
 * `npm run portal -- [--port N (default 8091)] [--data snapshot.json] [--config config.json]
 * [--country DE]`
 * Listens on 127.0.0.1:N and prints one ready line. With --data the portal starts from the
 * snapshot (or from the seed when the file does not exist yet) and writes it back as it changes.
 * --country is the portal's country (its `defaultCountry`, RU unless given): numbers written
 * without a country code are read as that country's, as Bitrix24 does.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: String(defaultPortalPort) },
    data: { type: 'string' },
    config: { type: 'string' },
    country: { type: 'string' },
  },
  strict: true,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`portal emulator: --port must be a port number, got ${values.port}`);
  process.exit(2);
}

/** Stops before listening, with one clear line on stderr: nothing was started, nothing is written. */
function refuse(message: string): never {
  console.error(`portal emulator: ${message}`);
  process.exit(2);
}

function readConfig(file: string): ConfigPatch {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    refuse(`--config ${file} is not readable JSON: ${(error as Error).message}`);
  }
  const checked = configPatchSchema.safeParse(parsed);
  if (!checked.success)
    refuse(`--config ${file} is not a configuration patch:\n${describeIssues(checked.error)}`);
  return checked.data;
}

function readData(file: string): PortalData | undefined {
  try {
    return loadSnapshot(file);
  } catch (error) {
    if (error instanceof SnapshotError) refuse(`--data ${error.message}`);
    throw error;
  }
}

const data = values.data ? readData(values.data) : undefined;
const config = { ...(values.config ? readConfig(values.config) : {}), ...countryOption(values.country) };

function countryOption(country: string | undefined): ConfigPatch {
  if (country === undefined) return {};
  const checked = configPatchSchema.safeParse({ defaultCountry: country.toUpperCase() });
  if (!checked.success) refuse(`--country ${country} is not a known ISO country code (e.g. RU, DE, US)`);
  return checked.data;
}
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
