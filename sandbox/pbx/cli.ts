/**
 * `npm run pbx [-- options] [-- command...]`: the PBX rig for a developer or a demo.
 *
 * By default it enters a private network namespace of its own (through in-netns.ts), starts the
 * rig there and prints one line with the WebSocket URL and how to run things next to it
 * (`nsenter -t <pid> -n <command>`). Given a command after `--`, it runs that command in the
 * namespace while the rig runs, and stops when the command ends. `--host-network` binds the given
 * address on this machine's own network instead (the demo: an agent's Chromium outside any
 * namespace needs a non-loopback address for WebRTC, e.g. a veth or LAN address).
 * Ctrl-C / SIGTERM stop everything by PID.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isInsideNetworkNamespace } from './network-namespace';
import { startPbxRig, type PbxRig } from './rig';
import { STANDARD_UAS_SLOTS, startUas, type SippUas } from './sipp';

const USAGE = `usage: npm run pbx -- [options] [-- command...]
  --host-network         run on this machine's network instead of a private namespace
  --address <ip>         address every service binds (default 127.0.0.1)
  --sip-port <n>         SIP over UDP (default 5060)
  --ws-port <n>          WebSocket and JSON-RPC (default 8088)
  --ng-port <n>          rtpengine control (default 2223)
  --rtp-ports <min-max>  rtpengine media ports (default 30000-30199)
  --uas                  also start the outside world: sipp UAS on 70xx (answer), 71xx (busy),
                         72xx (not found), 73xx (no answer)
  --run-dir <dir>        logs and pid files (default: a temp dir, removed at exit)`;

function parse(argv: string[]) {
  const separator = argv.indexOf('--');
  const { values } = parseArgs({
    args: separator === -1 ? argv : argv.slice(0, separator),
    options: {
      'host-network': { type: 'boolean', default: false },
      address: { type: 'string' },
      'sip-port': { type: 'string' },
      'ws-port': { type: 'string' },
      'ng-port': { type: 'string' },
      'rtp-ports': { type: 'string' },
      uas: { type: 'boolean', default: false },
      'run-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  return { values, command: separator === -1 ? [] : argv.slice(separator + 1) };
}

function port(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 65_535)
    throw new Error(`--${name}: not a port: ${value}`);
  return number;
}

/** Not in a namespace yet and not asked for the host network: run ourselves again inside one. */
function reenterInNamespace(argv: string[]): void {
  const inNetns = fileURLToPath(new URL('in-netns.ts', import.meta.url));
  const self = fileURLToPath(import.meta.url);
  // Same node, same tsx loader flags (execArgv), for both in-netns.ts and this CLI inside it.
  const node = [process.execPath, ...process.execArgv];
  const child = spawn(node[0] ?? 'node', [...node.slice(1), inNetns, '--', ...node, self, ...argv], {
    stdio: 'inherit',
  });
  // A terminal's Ctrl-C reaches in-netns too, which forwards it inside: we only wait.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function main(argv: string[]): Promise<void> {
  const { values, command } = parse(argv);
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values['host-network'] && !isInsideNetworkNamespace()) {
    reenterInNamespace(argv);
    return;
  }
  const [rtpMin, rtpMax] = values['rtp-ports']?.split('-').map((value) => port(value, 'rtp-ports')) ?? [];
  const rig: PbxRig = await startPbxRig({
    allowHostNetwork: values['host-network'],
    ...(values.address ? { address: values.address } : {}),
    ...optional('sipPort', port(values['sip-port'], 'sip-port')),
    ...optional('wsPort', port(values['ws-port'], 'ws-port')),
    ...optional('rtpengineNgPort', port(values['ng-port'], 'ng-port')),
    ...optional('rtpPortMin', rtpMin),
    ...optional('rtpPortMax', rtpMax),
    ...(values['run-dir'] ? { runDir: values['run-dir'] } : {}),
  });
  const uases: SippUas[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await Promise.all(uases.map((uas) => uas.stop()));
      await rig.stop();
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void stop().then(() => process.exit(0)));
  }

  try {
    if (values.uas) {
      for (const behaviour of Object.keys(STANDARD_UAS_SLOTS) as Array<keyof typeof STANDARD_UAS_SLOTS>) {
        uases.push(await startUas({ rig, behaviour }));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const where = values['host-network'] ? 'host network' : `namespace: nsenter -t ${process.pid} -n <command>`;
  console.log(
    `PBX ready: ${rig.wsUrl} (SIP udp:${rig.sipAddress}:${rig.sipPort}, extensions 101-103 password ` +
      `"${rig.agentPassword}", logs ${rig.runDir}; ${where})`,
  );

  if (command.length > 0) {
    const child = spawn(command[0] ?? '', command.slice(1), { stdio: 'inherit' });
    child.on('exit', (code) => void stop().then(() => process.exit(code ?? 1)));
  }
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(1);
});
