import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dumpRegistrations, listProcesses, type Registration } from './kamailio-rpc';
import { rpcUrl, startKamailio, type KamailioOptions } from './kamailio';
import type { ManagedProcess } from './managed-process';
import { requireNetworkNamespace } from './network-namespace';
import { isPortBound } from './ports';
import { startRtpengine } from './rtpengine';
import { waitUntil } from './wait-until';

export type { Registration } from './kamailio-rpc';

/** Everything configurable; every field has a default (see DEFAULT_RIG_OPTIONS). */
export interface PbxRigOptions {
  /**
   * The address every service binds: SIP UDP, WebSocket, JSON-RPC, rtpengine NG and RTP. Any
   * 127.x.y.z works on loopback, so parallel test workers each take their own and keep the default
   * ports (see loopbackAddressForWorker); a demo on the host network binds a real interface address.
   */
  address?: string;
  sipPort?: number;
  wsPort?: number;
  rtpengineNgPort?: number;
  rtpPortMin?: number;
  rtpPortMax?: number;
  /** The sipp UAS instances ("outside world") listen on uasAddress:(uasPortBase + N); see README. */
  uasAddress?: string;
  uasPortBase?: number;
  /** The digest password of every extension. */
  agentPassword?: string;
  /** Logs, pid files and Kamailio's working directory. Default: a fresh temp dir, removed by stop(). */
  runDir?: string;
  /** Required to run outside the private network namespace (the demo on the host network). */
  allowHostNetwork?: boolean;
  /** Per process: how long rtpengine and Kamailio each get to pass their readiness probes. */
  startTimeoutMs?: number;
}

export const DEFAULT_RIG_OPTIONS = {
  address: '127.0.0.1',
  sipPort: 5060,
  wsPort: 8088,
  rtpengineNgPort: 2223,
  rtpPortMin: 30_000,
  rtpPortMax: 30_199,
  uasPortBase: 5070,
  agentPassword: 'secret',
  startTimeoutMs: 10_000,
} as const;

/** What a client of the rig needs to reach it; plain data, so a global setup can write it as JSON. */
export interface PbxRigEndpoints {
  /** Where agents connect: ws://address:wsPort */
  wsUrl: string;
  /** The host part of agents' AORs (sip:101@sipDomain). */
  sipDomain: string;
  /** Where sipp callers send INVITEs: UDP sipAddress:sipPort. */
  sipAddress: string;
  sipPort: number;
  uasAddress: string;
  uasPortBase: number;
  agentPassword: string;
  /** Where rtpengine takes media: UDP address:portMin..portMax (both sides of every call). */
  media: { address: string; portMin: number; portMax: number };
  rpcUrl: string;
  runDir: string;
  logs: { kamailio: string; rtpengine: string };
}

export interface PbxRig extends PbxRigEndpoints {
  readonly endpoints: PbxRigEndpoints;
  /** PIDs of the processes running now (Kamailio's is absent while it is stopped). */
  pids(): { rtpengine?: number; kamailio?: number };
  registrations(): Promise<Registration[]>;
  /** Resolves with the first contact registered for `aor` (user part, e.g. "101"). */
  waitForRegistration(aor: string, timeoutMs?: number): Promise<Registration>;
  /** Resolves once no contact is registered for `aor`. */
  waitForNoRegistration(aor: string, timeoutMs?: number): Promise<void>;
  /** Stops Kamailio by its PID; rtpengine keeps running (calls keep their media). */
  stopKamailio(): Promise<void>;
  /** Starts Kamailio again and waits until it is ready. Registrations start empty. */
  startKamailio(): Promise<void>;
  /** "Kamailio restarted mid-shift": stop, start, ready. Clients must register again. */
  restartKamailio(): Promise<void>;
  /**
   * Freezes Kamailio's TCP/WebSocket side (SIGSTOP to those processes): the agents' connections
   * stay open but nothing on them is answered, and new ones are accepted by the kernel and never
   * served - a dead path that never closes, as after a NAT timeout or a laptop's sleep. Its timers
   * keep running (a wholly stopped Kamailio times out new transactions at once when resumed).
   * `thawKamailio` resumes them.
   */
  freezeKamailio(): Promise<void>;
  thawKamailio(): void;
  /** Stops everything by PID (SIGTERM, SIGKILL after a grace period). Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts rtpengine, then Kamailio with sandbox/pbx/kamailio.cfg, each behind a real readiness probe.
 * Refuses to run outside the private network namespace unless `allowHostNetwork` is set. Every
 * process is also killed when this Node process exits, if `stop()` was never reached.
 */
export async function startPbxRig(options: PbxRigOptions = {}): Promise<PbxRig> {
  if (!options.allowHostNetwork) requireNetworkNamespace('The PBX rig');
  const settings = { ...DEFAULT_RIG_OPTIONS, ...options };
  const ownsRunDir = options.runDir === undefined;
  const runDir = options.runDir ?? mkdtempSync(path.join(tmpdir(), 'b24phone-pbx-'));
  mkdirSync(runDir, { recursive: true });

  const kamailioOptions: KamailioOptions = {
    address: settings.address,
    sipPort: settings.sipPort,
    wsPort: settings.wsPort,
    rtpengineNgAddress: settings.address,
    rtpengineNgPort: settings.rtpengineNgPort,
    uasAddress: options.uasAddress ?? settings.address,
    uasPortBase: settings.uasPortBase,
    agentPassword: settings.agentPassword,
    runDir,
    startTimeoutMs: settings.startTimeoutMs,
  };
  const endpoints: PbxRigEndpoints = {
    wsUrl: `ws://${settings.address}:${settings.wsPort}`,
    sipDomain: settings.address,
    sipAddress: settings.address,
    sipPort: settings.sipPort,
    uasAddress: kamailioOptions.uasAddress,
    uasPortBase: settings.uasPortBase,
    agentPassword: settings.agentPassword,
    media: { address: settings.address, portMin: settings.rtpPortMin, portMax: settings.rtpPortMax },
    rpcUrl: rpcUrl(settings.address, settings.wsPort),
    runDir,
    logs: { kamailio: path.join(runDir, 'kamailio.log'), rtpengine: path.join(runDir, 'rtpengine.log') },
  };

  assertPortsFree([
    ['udp', settings.address, settings.sipPort],
    ['tcp', settings.address, settings.wsPort],
    ['udp', settings.address, settings.rtpengineNgPort],
  ]);

  const rtpengine = await startRtpengine({
    mediaAddress: settings.address,
    ngAddress: settings.address,
    ngPort: settings.rtpengineNgPort,
    rtpPortMin: settings.rtpPortMin,
    rtpPortMax: settings.rtpPortMax,
    runDir,
    startTimeoutMs: settings.startTimeoutMs,
  });
  let kamailio: ManagedProcess | undefined;
  try {
    kamailio = await startKamailio(kamailioOptions);
  } catch (error) {
    await rtpengine.stop();
    throw error;
  }

  const registrations = (): Promise<Registration[]> => dumpRegistrations(endpoints.rpcUrl);

  async function stopKamailio(): Promise<void> {
    const running = kamailio;
    kamailio = undefined;
    // Frozen workers would leave SIGTERM pending until they are resumed.
    thawKamailio();
    await running?.stop();
  }

  async function startKamailioAgain(): Promise<void> {
    if (kamailio && !kamailio.exit()) return;
    kamailio = await startKamailio(kamailioOptions);
  }

  const frozen: number[] = [];
  function thawKamailio(): void {
    for (const pid of frozen.splice(0)) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // Already gone with its Kamailio.
      }
    }
  }

  let stopped = false;
  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    await Promise.all([stopKamailio(), rtpengine.stop()]);
    if (ownsRunDir) rmSync(runDir, { recursive: true, force: true });
  }

  return {
    ...endpoints,
    endpoints,
    pids: () => ({
      ...(rtpengine.exit() ? {} : { rtpengine: rtpengine.pid }),
      ...(kamailio && !kamailio.exit() ? { kamailio: kamailio.pid } : {}),
    }),
    registrations,
    async waitForRegistration(aor, timeoutMs = 5_000) {
      return waitUntil(
        `a registration of ${aor}`,
        async () => (await registrations()).find((registration) => registration.aor === aor),
        { timeoutMs, intervalMs: 20 },
      );
    },
    async waitForNoRegistration(aor, timeoutMs = 5_000) {
      await waitUntil(
        `no registration of ${aor}`,
        async () =>
          (await registrations()).some((registration) => registration.aor === aor) ? undefined : true,
        { timeoutMs, intervalMs: 20 },
      );
    },
    stopKamailio,
    startKamailio: startKamailioAgain,
    async freezeKamailio() {
      if (!kamailio || kamailio.exit()) throw new Error('cannot freeze Kamailio: it is not running');
      const processes = await listProcesses(endpoints.rpcUrl);
      const connectionSide = processes.filter(({ description }) => /tcp|websocket/i.test(description));
      for (const { pid } of connectionSide) {
        frozen.push(pid);
        process.kill(pid, 'SIGSTOP');
      }
    },
    thawKamailio,
    async restartKamailio() {
      await stopKamailio();
      kamailio = await startKamailio(kamailioOptions);
    },
    stop,
  };
}

/** Fails when something (another rig?) already holds one of the ports; see ports.ts for why. */
function assertPortsFree(ports: Array<['udp' | 'tcp', string, number]>): void {
  const taken = ports.filter(([protocol, address, port]) => isPortBound(protocol, address, port));
  if (taken.length === 0) return;
  const list = taken
    .map(([protocol, address, port]) => `${protocol.toUpperCase()} ${address}:${port}`)
    .join(', ');
  throw new Error(`cannot start the PBX rig: ${list} already in use (another rig on this address?)`);
}
