/**
 * `npm run demo`: everything on one machine, for a person to watch and use.
 *
 * - the PBX rig (Kamailio + rtpengine) and the outside world's sipp machines in a private network
 *   namespace, joined to this machine by a veth pair (see demo-network.ts),
 * - the Bitrix24 portal emulator on 127.0.0.1,
 * - agents 101, 102 and 103: the app on the web host, each with its own profile, provisioned with
 *   its SIP account and a Bitrix24 token pair,
 * - a console page with links and "a customer calls" buttons.
 *
 * Every process is ours and stopped by its PID on Ctrl-C; the namespace and the pair are removed.
 */
import Fastify from 'fastify';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PortalClient } from '../portal/sandbox-client';
import { startNodeService, type NodeService } from '../services/node-service';
import { consolePage } from './console-page';
import { createDemoNetwork } from './demo-network';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    'portal-port': { type: 'string', default: '8090' },
    'agent-port': { type: 'string', default: '5181' },
  },
  strict: true,
});

const runDir = path.resolve('artifacts', 'demo');
rmSync(runDir, { recursive: true, force: true });
mkdirSync(runDir, { recursive: true });
const services: NodeService[] = [];
const network = createDemoNetwork();
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const service of services.reverse()) await service.process.stop();
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
  services.push(pbx);

  const portalService = await startNodeService({
    name: 'portal emulator',
    script: 'sandbox/portal/cli.ts',
    args: ['--port', values['portal-port']],
    readyLine: /ready at (http:\/\/[\d.:]+)/,
    logFile: path.join(runDir, 'portal.log'),
  });
  services.push(portalService);
  const portal = new PortalClient(portalService.url);

  const agents = [];
  for (const [index, extension] of ['101', '102', '103'].entries()) {
    const directory = path.join(runDir, `agent-${extension}`);
    mkdirSync(directory, { recursive: true });
    const userId = await portal.userIdForExtension(extension);
    const provision = path.join(directory, 'provision.json');
    writeFileSync(
      provision,
      JSON.stringify({
        settings: {
          sip: {
            wsUrl: pbx.url,
            domain: network.pbxAddress,
            extension,
            password: 'secret',
            displayName: `Agent ${extension}`,
            lineHeader: 'X-Line',
          },
          bitrix: { portalUrl: portal.origin },
        },
        bitrixTokens: await portal.tokensFor(userId),
      }),
    );
    const host = await startNodeService({
      name: `agent ${extension}`,
      script: 'main/web-host/cli.ts',
      args: [
        '--port',
        String(Number(values['agent-port']) + index),
        '--profile',
        path.join(directory, 'profile'),
        '--provision',
        provision,
      ],
      readyLine: /web host ready at (http:\/\/[\d.:]+)/,
      logFile: path.join(directory, 'web-host.out'),
    });
    services.push(host);
    agents.push({ extension, name: `Bitrix24 user ${userId}`, url: host.url });
  }

  const consoleServer = Fastify();
  const page = consolePage({ portal: portal.origin, agents });
  consoleServer.get('/', (_request, reply) => reply.type('text/html').send(page));
  consoleServer.post('/call', async (request, reply) => {
    const response = await fetch(`http://${network.pbxAddress}:${controlPort}/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request.body ?? {}),
    });
    return reply.code(response.status).send(await response.json());
  });
  await consoleServer.listen({ host: '127.0.0.1', port: Number(values.port) });

  console.log(`
b24phone demo is running. Open in a browser on this machine:

  demo console    http://127.0.0.1:${values.port}/        links, and buttons that make customers call
  agents          ${agents.map((agent) => `${agent.extension}: ${agent.url}`).join('   ')}
  Bitrix24        ${portal.origin}/                (portal emulator: CRM, call cards, statistics)

The PBX listens on ${pbx.url} inside namespace ${network.namespace}; logs are in ${runDir}.
Press Ctrl-C to stop everything.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
}
