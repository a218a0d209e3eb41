import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitedDuringStartup, startProcess, type ManagedProcess } from './managed-process';
import { coreVersion } from './kamailio-rpc';
import { probeSipOptions } from './sip-probe';
import { probeWebSocket } from './ws-probe';
import { waitUntil } from './wait-until';

/** Our own configuration; never /etc/kamailio. */
export const KAMAILIO_CONFIG = fileURLToPath(new URL('kamailio.cfg', import.meta.url));

export interface KamailioOptions {
  /** SIP over UDP (the trunk side: sipp) and plain WebSocket (the agents) listen on this address. */
  address: string;
  sipPort: number;
  wsPort: number;
  rtpengineNgAddress: string;
  rtpengineNgPort: number;
  /** Where 7Nxx numbers go: UDP uasAddress:(uasPortBase + N). */
  uasAddress: string;
  uasPortBase: number;
  agentPassword: string;
  runDir: string;
  startTimeoutMs: number;
}

/**
 * Starts Kamailio in the foreground with our config, the defaults of which are overridden with
 * `-A` pre-processor defines, and resolves once it is ready: UDP OPTIONS answered 200 (the SIP
 * workers run), JSON-RPC `core.version` answered on the WebSocket port (the TCP workers run) and a
 * WebSocket handshake completed there (what the agents need).
 * Every start appends to the same log file, so a restart's log follows the previous one.
 */
export async function startKamailio(options: KamailioOptions): Promise<ManagedProcess> {
  const defines = {
    SIP_ADDR: options.address,
    SIP_PORT: String(options.sipPort),
    WS_ADDR: options.address,
    WS_PORT: String(options.wsPort),
    RTPENGINE_SOCK: quoted(`udp:${options.rtpengineNgAddress}:${options.rtpengineNgPort}`),
    UAS_HOST: quoted(options.uasAddress),
    UAS_PORT_BASE: String(options.uasPortBase),
    AGENT_PASSWORD: quoted(options.agentPassword),
  };
  const kamailio = startProcess({
    name: 'kamailio',
    command: 'kamailio',
    args: [
      '-f',
      KAMAILIO_CONFIG,
      '-DD', // stay in the foreground: the PID we hold is Kamailio's main process
      '-E', // log to stderr, which is our log file
      '-m',
      '64',
      '-M',
      '8',
      '-Y',
      options.runDir,
      '-P',
      path.join(options.runDir, 'kamailio.pid'),
      ...Object.entries(defines).flatMap(([name, value]) => ['-A', `${name}=${value}`]),
    ],
    logFile: path.join(options.runDir, 'kamailio.log'),
  });
  try {
    await waitUntil(
      'Kamailio to answer SIP OPTIONS with 200, JSON-RPC core.version and a WebSocket handshake',
      () => isReady(options),
      {
        timeoutMs: options.startTimeoutMs,
        abort: () => exitedDuringStartup(kamailio),
      },
    );
  } catch (error) {
    await kamailio.stop();
    throw error;
  }
  return kamailio;
}

/** Every probe passes: true; otherwise undefined (so waitUntil tries again). */
async function isReady(options: KamailioOptions): Promise<true | undefined> {
  const status = await probeSipOptions(options.address, options.sipPort);
  if (status === undefined) return undefined;
  if (status !== 200) throw new Error(`SIP OPTIONS answered ${status}, expected 200`);
  await coreVersion(rpcUrl(options.address, options.wsPort));
  return probeWebSocket(`ws://${options.address}:${options.wsPort}`);
}

export function rpcUrl(address: string, wsPort: number): string {
  return `http://${address}:${wsPort}/RPC`;
}

/** A string define for `-A NAME="value"`; the value must not break out of the quotes. */
function quoted(value: string): string {
  if (/["\\\s]/.test(value)) throw new Error(`unsupported character in Kamailio define value: ${value}`);
  return `"${value}"`;
}
