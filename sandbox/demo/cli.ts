/**
 * `npm run demo`: the whole product on one machine, for a person to watch and use.
 *
 * - the PBX rig (Kamailio + rtpengine) and the outside world's sipp machines in a private network
 *   namespace, joined to this machine by a veth pair (see demo-network.ts),
 * - the Bitrix24 portal emulator on 127.0.0.1,
 * - the relay, its own process with SQLite in the run folder, installed in the portal as the
 *   telephony application with the demo's external line,
 * - agents 101, 102 and 103: the app on the web host, each with its own profile, provisioned with
 *   its SIP account and signed in to Bitrix24 through the relay (sign-in-agent.ts),
 * - a console page with links, what to try, and "a customer calls" buttons.
 *
 * Every process is ours and stopped by its PID on Ctrl-C or SIGTERM; the namespace and the pair
 * are removed. Ports are options (0: a free one); the addresses it prints are the real ones.
 *
 *   tsx sandbox/demo/cli.ts [--port 8080] [--portal-port 8091] [--relay-port 8070]
 *                           [--agent-port 5181 (then 5182, 5183)] [--run-dir artifacts/demo]
 */
import Fastify from 'fastify';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PortalClient } from '../portal/sandbox-client';
import { defaultPortalPort } from '../portal/default-port';
import { startNodeService } from '../services/node-service';
import { startRelayService } from '../services/relay-service';
import { consolePage } from './console-page';
import { startDemoAgent, type DemoAgent } from './demo-agent';
import { demoLine } from './demo-line';
import { createDemoNetwork } from './demo-network';
import { signInAgent } from './sign-in-agent';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    'portal-port': { type: 'string', default: String(defaultPortalPort) },
    'relay-port': { type: 'string', default: '8070' },
    'agent-port': { type: 'string', default: '5181' },
    'run-dir': { type: 'string', default: path.join('artifacts', 'demo') },
  },
  strict: true,
});

function portOption(name: 'port' | 'portal-port' | 'relay-port' | 'agent-port'): number {
  const port = Number(values[name]);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`--${name} must be a port number (0: a free one), got ${values[name]}`);
    process.exit(2);
  }
  return port;
}
const ports = {
  console: portOption('port'),
  portal: portOption('portal-port'),
  relay: portOption('relay-port'),
  agents: portOption('agent-port'),
};
const extensions = ['101', '102', '103'];

const runDir = path.resolve(values['run-dir']);
// A fresh start: what an earlier demo left there goes, and nothing else (the folder is the user's).
for (const entry of ['pbx', 'pbx.log', 'portal.log', 'relay', ...extensions.map((e) => `agent-${e}`)]) {
  rmSync(path.join(runDir, entry), { recursive: true, force: true });
}
mkdirSync(runDir, { recursive: true });
/** What to stop, in the order started; stopped last first. */
const stoppers: Array<() => Promise<unknown>> = [];
const network = createDemoNetwork();
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const stop of stoppers.reverse()) await stop();
    network.remove();
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  const controlPort = 8099;
  const pbx = await startNodeService({
    name: 'demo PBX',
    script: 'sandbox/demo/pbx-service.ts',
    args: [
      '--address',
      network.pbxAddress,
      '--control-port',
      String(controlPort),
      '--run-dir',
      path.join(runDir, 'pbx'),
    ],
    launcher: ['ip', 'netns', 'exec', network.namespace],
    readyLine: /demo pbx ready at (ws:\/\/[\d.:]+)/,
    logFile: path.join(runDir, 'pbx.log'),
    startTimeoutMs: 30_000,
  });
  stoppers.push(() => pbx.process.stop());

  const portalService = await startNodeService({
    name: 'portal emulator',
    script: 'sandbox/portal/cli.ts',
    args: ['--port', String(ports.portal)],
    readyLine: /ready at (http:\/\/[\d.:]+)/,
    logFile: path.join(runDir, 'portal.log'),
  });
  stoppers.push(() => portalService.process.stop());
  const portal = new PortalClient(portalService.url);

  const relay = await startRelayService({
    portalOrigin: portal.origin,
    directory: path.join(runDir, 'relay'),
    lines: [demoLine],
    port: ports.relay,
  });
  stoppers.push(() => relay.stop());

  const agents: DemoAgent[] = await Promise.all(
    extensions.map(async (extension, index) => {
      const agent = await startDemoAgent({
        extension,
        directory: path.join(runDir, `agent-${extension}`),
        port: ports.agents === 0 ? 0 : ports.agents + index,
        portal,
        pbx: { wsUrl: pbx.url, domain: network.pbxAddress },
      });
      stoppers.push(() => agent.service.process.stop());
      return agent;
    }),
  );
  await Promise.all(
    agents.map((agent) => signInAgent({ hostUrl: agent.url, relayUrl: relay.url, userId: agent.userId })),
  );

  const consoleServer = Fastify();
  const page = consolePage({ portal: portal.origin, relay: relay.url, agents });
  consoleServer.get('/', (_request, reply) => reply.type('text/html').send(page));
  consoleServer.post('/call', async (request, reply) => {
    const response = await fetch(`http://${network.pbxAddress}:${controlPort}/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request.body ?? {}),
    });
    return reply.code(response.status).send(await response.json());
  });
  const consoleUrl = await consoleServer.listen({ host: '127.0.0.1', port: ports.console });
  stoppers.push(() => consoleServer.close());

  console.log(`
b24phone demo is running. Open in a browser on this machine:

  demo console    ${consoleUrl}/        what to try, and buttons that make customers call
  agents          ${agents.map((agent) => `${agent.extension}: ${agent.url}`).join('   ')}
                  each signed in to Bitrix24 through the relay; open a tab to register its phone
  Bitrix24        ${portal.origin}/        (portal emulator: CRM click-to-call, callback form, call cards, statistics)
  relay           ${relay.url}        (click-to-call, callbacks, ring groups, tokens)

The PBX listens on ${pbx.url} inside namespace ${network.namespace}; logs are in ${runDir}.
Press Ctrl-C to stop everything.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
}
