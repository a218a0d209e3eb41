import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createHostServices } from '../services/host-services';
import { deliveryTuningSchema, tuningOptions } from './delivery-tuning';
import { createLogger } from '../services/log/logger';
import { provisionProfile, provisionSchema } from '../services/provisioning';
import { createFileSecretStore } from '../services/secrets/file-secret-store';
import { startWebHost } from './web-host';

/**
 * `npm run web -- [--port N] [--profile DIR] [--provision FILE] [--tuning JSON]`: the agent's app
 * in a browser tab. `--provision` writes settings and a Bitrix24 token pair (JSON: {settings?,
 * bitrixTokens?}) into the profile before starting; `--tuning` adjusts the timing of delivery to
 * Bitrix24 (delivery-tuning.ts).
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5180' },
    profile: { type: 'string', default: path.join(os.homedir(), '.local/share/b24phone/web-profile') },
    renderer: { type: 'string', default: path.resolve(import.meta.dirname, '../../out/renderer') },
    provision: { type: 'string' },
    'log-level': { type: 'string', default: 'info' },
    tuning: { type: 'string', default: '{}' },
  },
  strict: true,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}
const profileDir = path.resolve(values.profile);
const log = createLogger({
  level: values['log-level'],
  destination: path.join(profileDir, 'logs/web-host.log'),
});
const secrets = createFileSecretStore(profileDir, log);
if (values.provision) {
  const parsed = provisionSchema.safeParse(JSON.parse(readFileSync(values.provision, 'utf8')));
  if (!parsed.success) {
    console.error(`--provision ${values.provision} is not valid: ${parsed.error.message}`);
    process.exit(2);
  }
  provisionProfile(profileDir, parsed.data, secrets, log);
}
let tuning;
try {
  tuning = deliveryTuningSchema.parse(JSON.parse(values.tuning));
} catch (error) {
  console.error(`--tuning must be a JSON object of delivery timings: ${String(error)}`);
  process.exit(2);
}
const services = createHostServices({ profileDir, log, secrets, ...tuningOptions(tuning) });
const host = await startWebHost({ services, rendererDir: values.renderer, log, port });
// The only place the launch key is shown: the agent opens this address (the page keeps the key as a cookie).
console.log(`b24phone web host ready at ${host.openUrl} (profile ${profileDir})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void host
      .close()
      .then(() => services.close())
      .then(() => process.exit(0));
  });
}
