import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RelayCluster } from './relay-cluster';

/**
 * `npm run relay:cluster -- [--instances 2]`: a private PostgreSQL (initdb in a temporary folder,
 * unix socket only), that many relays on it and HAProxy in front, all on 127.0.0.1; prints the
 * balancer's address (the relays' public URL) and each instance's. The relays take their
 * configuration from the environment as `npm run relay` does (RELAY_CONFIG, B24_CLIENT_ID,
 * B24_CLIENT_SECRET...; not RELAY_PORT, RELAY_PUBLIC_URL or a database). Ctrl-C stops everything
 * and removes the folder.
 */
const { values } = parseArgs({ options: { instances: { type: 'string', default: '2' } }, strict: true });
const instances = Number(values.instances);
if (!Number.isInteger(instances) || instances < 1 || instances > 16) {
  console.error('--instances must be a number from 1 to 16');
  process.exit(2);
}

const dir = mkdtempSync(path.join(tmpdir(), 'relay-cluster-'));
const env = Object.fromEntries(
  Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
);
let cluster: RelayCluster;
try {
  cluster = await RelayCluster.start({ dir, instances, env });
} catch (error) {
  console.error(error instanceof Error ? error.message : error, `(logs in ${dir})`);
  process.exit(1);
}
for (const [index, relay] of cluster.relays.entries()) console.log(`relay ${index + 1} at ${relay.url}`);
console.log(`PostgreSQL at ${cluster.postgres.url}; logs in ${dir}`);
console.log(`relay cluster ready at ${cluster.url}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
