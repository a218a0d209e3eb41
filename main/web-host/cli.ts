import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createHostServices } from '../services/host-services';
import { createLogger } from '../services/log/logger';
import { startWebHost } from './web-host';

/** `npm run web -- [--port N] [--profile DIR]`: the agent's app in a browser tab. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5180' },
    profile: { type: 'string', default: path.join(os.homedir(), '.local/share/b24phone/web-profile') },
    renderer: { type: 'string', default: path.resolve(import.meta.dirname, '../../out/renderer') },
    'log-level': { type: 'string', default: 'info' },
    /** How long the portal may still carry out a request we gave up on (default: its 60 s limit + 10 s). */
    'late-request-ms': { type: 'string' },
  },
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
const lateRequestMs = values['late-request-ms'] === undefined ? undefined : Number(values['late-request-ms']);
if (lateRequestMs !== undefined && !(Number.isInteger(lateRequestMs) && lateRequestMs >= 0)) {
  console.error(`--late-request-ms must be a whole number of milliseconds, got ${values['late-request-ms']}`);
  process.exit(2);
}
const services = createHostServices({
  profileDir,
  log,
  ...(lateRequestMs === undefined ? {} : { outbox: { lateRequestMs } }),
});
const host = await startWebHost({ services, rendererDir: values.renderer, log, port });
console.log(`b24phone web host ready at ${host.url} (profile ${profileDir})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void host
      .close()
      .then(() => services.close())
      .then(() => process.exit(0));
  });
}
