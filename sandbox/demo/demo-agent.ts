import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PortalClient } from '../portal/sandbox-client';
import { startNodeService, type NodeService } from '../services/node-service';

export interface DemoAgentOptions {
  extension: string;
  /** Where the agent's profile, provisioning file and log go. */
  directory: string;
  /** The web host's port on 127.0.0.1 (0: a free one). */
  port: number;
  portal: PortalClient;
  /** The PBX as the agent's phone reaches it. */
  pbx: { wsUrl: string; domain: string };
}

export interface DemoAgent {
  extension: string;
  userId: number;
  /** The agent's name in Bitrix24. */
  name: string;
  /** The agent's app. */
  url: string;
  service: NodeService;
}

/**
 * One of the demo's agents: the app on the web host, its profile provisioned with the agent's SIP
 * account on the PBX and the portal's address - as an administrator sets a workstation up. Bitrix24
 * access comes later, when the agent signs in through the relay (sign-in-agent.ts).
 */
export async function startDemoAgent(options: DemoAgentOptions): Promise<DemoAgent> {
  const { extension, directory, portal } = options;
  mkdirSync(directory, { recursive: true });
  const user = await portal.userForExtension(extension);
  const provision = path.join(directory, 'provision.json');
  writeFileSync(
    provision,
    JSON.stringify({
      settings: {
        sip: {
          wsUrl: options.pbx.wsUrl,
          domain: options.pbx.domain,
          extension,
          password: 'secret',
          displayName: user.name,
          lineHeader: 'X-Line',
        },
        bitrix: { portalUrl: portal.origin },
      },
    }),
  );
  const service = await startNodeService({
    name: `agent ${extension}`,
    script: 'main/web-host/cli.ts',
    args: [
      '--port',
      String(options.port),
      '--profile',
      path.join(directory, 'profile'),
      '--provision',
      provision,
    ],
    readyLine: /web host ready at (http:\/\/\S+)/,
    logFile: path.join(directory, 'web-host.out'),
  });
  return { extension, userId: user.id, name: user.name, url: service.url, service };
}
