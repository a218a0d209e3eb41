import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { alawFromPcap } from './caller-audio';
import { exitedDuringStartup, startProcess, type ManagedProcess } from './managed-process';
import type { PbxRigEndpoints } from './rig';
import { readMessageTrace, timelineOf, type CallTimeline, type SipMessage } from './sipp-trace';
import { freeUdpPort, isPortBound } from './ports';
import { waitUntil } from './wait-until';

export type { CallTimeline, SipMessage } from './sipp-trace';
export { headerOf } from './sipp-trace';

const SCENARIOS = fileURLToPath(new URL('scenarios/', import.meta.url));

/** What sipp needs to know about the rig. */
export type SippRig = Pick<
  PbxRigEndpoints,
  'sipAddress' | 'sipPort' | 'uasAddress' | 'uasPortBase' | 'runDir'
>;

/** How a sipp process ended, and what it saw. */
export interface SippResult {
  /** sipp: 0 every call succeeded, 1 some failed, 97/99 stopped early, 255/254 fatal error. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Calls sipp counted, from its statistics file (zeros when it was killed before writing it). */
  stats: { successful: number; failed: number };
  messages: SipMessage[];
  timeline: CallTimeline;
}

/** A running sipp process. Every one is stopped by its PID at teardown, like the rig's processes. */
export interface SippRun {
  pid: number;
  /** Working directory: the traces below, and the caller's audio. */
  dir: string;
  /** sipp's own output (screens, errors). */
  logFile: string;
  /** Every SIP message sent and received (`-trace_msg`). */
  messageFile: string;
  /** The messages so far. */
  messages(): SipMessage[];
  /** Resolves with the first message (so far or to come) that matches. */
  waitForMessage(matches: (message: SipMessage) => boolean, timeoutMs?: number): Promise<SipMessage>;
  /** Settles when sipp has exited. Never rejects. */
  done: Promise<SippResult>;
  /** SIGTERM (SIGKILL after a grace period); resolves with the result. */
  stop(): Promise<SippResult>;
}

export interface SippCall extends SippRun {
  /** The SIP Call-ID of the INVITE, fixed before the call starts (`-cid_str`). */
  callId: string;
}

export interface SippUas extends SippRun {
  port: number;
  /** The number that reaches this UAS through the dialplan (7N00 for port uasPortBase + N). */
  number: string;
}

export interface PlaceCallOptions {
  rig: SippRig;
  /** The request user: an extension ("101"), the ring group ("600"), a 7Nxx test number. */
  to: string;
  /** The caller's number in From (default +74951234567). */
  from?: string;
  /** 'audio' (default): talks, then hangs up. 'cancel': gives up while it rings. */
  scenario?: 'audio' | 'cancel';
  /** A UAC scenario file of the caller's own (odd headers, no SDP...), given the keys of `scenario`. */
  scenarioFile?: string;
  /** audio: milliseconds from the 200 OK to our BYE (default 2000). */
  talkMs?: number;
  /** cancel: milliseconds from the 180 to our CANCEL (default 1000). */
  ringMs?: number;
  /** Extra INVITE headers, e.g. { 'X-PBX-Call-ID': '42', 'Alert-Info': '<urn:alert:tone:normal>' }. */
  headers?: Record<string, string>;
  /** audio: RFC 4733 digits to send right after the answer (0-9, *, #, A-D). */
  dtmf?: string;
  /** audio: raw A-law 8 kHz mono file to play, looped (`ffmpeg -i x.wav -f alaw -ar 8k -ac 1 x.alaw`).
   *  Default: the speech of /usr/share/sip-tester/g711a.pcap. */
  audio?: string;
  /** The SIP Call-ID to use (default: a fresh random one). */
  callId?: string;
  /** sipp gives up (and fails) after this long (default 60 s). */
  timeoutMs?: number;
}

/** The UAS behaviours on the dialplan's standard ports: 70xx -> base+0, 71xx -> base+1, ... */
export const STANDARD_UAS_SLOTS = { answer: 0, busy: 1, 'not-found': 2, 'no-answer': 3 } as const;

export type UasBehaviour = keyof typeof STANDARD_UAS_SLOTS | 'reject';

export interface UasOptions {
  rig: SippRig;
  behaviour: UasBehaviour;
  /** UDP port; default: the behaviour's standard slot (reject has none: required then). */
  port?: number;
  /** reject: the final response (busy is 486 Busy Here, not-found is 404 Not Found). */
  rejectWith?: { status: number; reason: string };
  /** answer: milliseconds between 180 and 200 (default 0). */
  ringMs?: number;
  /** answer: hang up ourselves this long after the ACK (default: wait for the caller's BYE). */
  hangupAfterMs?: number;
  /** answer: echo received RTP back to its sender (default true), so the caller hears itself. */
  echoRtp?: boolean;
  /** answer: offer this UDP port on uasAddress for media instead of sipp's own (captureRtpEvents). */
  rtpSinkPort?: number;
  /** Exit after this many calls (default: serve calls until stop()). */
  calls?: number;
  /** answer: a scenario file of the test's own instead of uas-answer.xml, given the same keys. */
  scenarioFile?: string;
}

const DEFAULT_CALLER = '+74951234567';

const STANDARD_REJECTIONS: Partial<Record<UasBehaviour, { status: number; reason: string }>> = {
  busy: { status: 486, reason: 'Busy Here' },
  'not-found': { status: 404, reason: 'Not Found' },
};

/** A customer's call from the outside world (UDP) into the PBX. */
export async function placeCall(options: PlaceCallOptions): Promise<SippCall> {
  const callId = options.callId ?? `sipp-${randomBytes(8).toString('hex')}@b24phone.test`;
  const scenario = options.scenario ?? 'audio';
  const dir = workingDirectory(options.rig, `uac-${scenario}-${options.to}`);
  const keys: Record<string, string> = {
    from_user: options.from ?? DEFAULT_CALLER,
    headers: Object.entries(options.headers ?? {})
      .map(([name, value]) => `\r\n${headerLine(name, value)}`)
      .join(''),
  };
  if (scenario === 'audio') {
    keys['talk_ms'] = String(options.talkMs ?? 2_000);
    keys['dtmf'] = validDtmf(options.dtmf ?? '');
    writeFileSync(
      path.join(dir, 'caller-audio.alaw'),
      options.audio ? readFileSync(options.audio) : alawFromPcap(),
    );
  } else {
    keys['ring_ms'] = String(options.ringMs ?? 1_000);
  }
  const run = runSipp(dir, [
    `${options.rig.sipAddress}:${options.rig.sipPort}`,
    '-sf',
    options.scenarioFile ?? path.join(SCENARIOS, `uac-${scenario}.xml`),
    '-i',
    options.rig.sipAddress,
    '-p',
    String(await freeUdpPort(options.rig.sipAddress)),
    '-s',
    options.to,
    '-m',
    '1',
    '-cid_str',
    callId,
    '-timeout',
    `${Math.ceil((options.timeoutMs ?? 60_000) / 1000)}s`,
    '-timeout_error',
    ...keyArgs(keys),
  ]);
  return { ...run, callId };
}

/**
 * A sipp UAS of the outside world, listening on UDP uasAddress:port. Resolves once its port is
 * bound, so a call placed right after reaches it.
 */
export async function startUas(options: UasOptions): Promise<SippUas> {
  const slot = options.behaviour === 'reject' ? undefined : STANDARD_UAS_SLOTS[options.behaviour];
  const port = options.port ?? (slot === undefined ? undefined : options.rig.uasPortBase + slot);
  if (port === undefined) throw new Error('startUas: a reject UAS needs an explicit port');
  if (isPortBound('udp', options.rig.uasAddress, port)) {
    throw new Error(`cannot start a sipp UAS: UDP ${options.rig.uasAddress}:${port} is already in use`);
  }
  const dir = workingDirectory(options.rig, `uas-${options.behaviour}-${port}`);
  const args = ['-i', options.rig.uasAddress, '-p', String(port)];
  if (options.calls !== undefined) args.push('-m', String(options.calls));

  if (options.behaviour === 'answer') {
    // Our own media port, derived from the SIP port, so parallel UAS instances never collide.
    const mediaPort = 20_000 + (port % 5_000) * 4;
    args.push(
      '-sf',
      options.scenarioFile ?? path.join(SCENARIOS, 'uas-answer.xml'),
      '-mp',
      String(mediaPort),
    );
    if (options.echoRtp ?? true) args.push('-rtp_echo');
    args.push(
      ...keyArgs({
        ring_ms: String(options.ringMs ?? 0),
        talk_ms: String(options.hangupAfterMs ?? 0),
        rtp_port: String(options.rtpSinkPort ?? mediaPort),
      }),
    );
  } else if (options.behaviour === 'no-answer') {
    args.push('-sf', path.join(SCENARIOS, 'uas-no-answer.xml'));
  } else {
    const rejection = options.rejectWith ?? STANDARD_REJECTIONS[options.behaviour];
    if (!rejection) throw new Error('startUas: behaviour reject needs rejectWith');
    args.push('-sf', rejectScenario(dir, rejection));
  }

  const run = runSipp(dir, args, true);
  const managed = run.process;
  try {
    await waitUntil(
      `sipp UAS to bind UDP ${options.rig.uasAddress}:${port}`,
      () => (isPortBound('udp', options.rig.uasAddress, port) ? true : undefined),
      { timeoutMs: 5_000, intervalMs: 10, abort: () => exitedDuringStartup(managed) },
    );
  } catch (error) {
    await run.stop();
    throw error;
  }
  const offset = port - options.rig.uasPortBase;
  const number = offset >= 0 && offset <= 9 ? `7${offset}00` : '';
  const { process: _process, ...handle } = run;
  return { ...handle, port, number };
}

function runSipp(dir: string, args: string[], server = false): SippRun & { process: ManagedProcess } {
  const messageFile = path.join(dir, 'messages.log');
  const statsFile = path.join(dir, 'stats.csv');
  const managed = startProcess({
    name: server ? 'sipp UAS' : 'sipp UAC',
    command: 'sipp',
    args: [
      ...args,
      '-t',
      'u1',
      '-nostdin',
      '-trace_msg',
      '-message_file',
      messageFile,
      '-trace_err',
      '-error_file',
      path.join(dir, 'errors.log'),
      '-trace_stat',
      '-stf',
      statsFile,
    ],
    logFile: path.join(dir, 'sipp.log'),
    cwd: dir,
  });
  const messages = (): SipMessage[] => readMessageTrace(messageFile);
  const resultOf = async (): Promise<SippResult> => {
    const exit = await managed.exited;
    const all = messages();
    return {
      exitCode: exit.code,
      signal: exit.signal,
      stats: readStats(statsFile),
      messages: all,
      timeline: timelineOf(all),
    };
  };
  const done = resultOf();
  return {
    process: managed,
    pid: managed.pid,
    dir,
    logFile: managed.logFile,
    messageFile,
    messages,
    waitForMessage: (matches, timeoutMs = 10_000) =>
      waitUntil('a matching SIP message in the sipp trace', () => messages().find(matches), {
        timeoutMs,
        intervalMs: 10,
      }),
    done,
    stop: async () => {
      await managed.stop();
      return done;
    },
  };
}

let runCounter = 0;

function workingDirectory(rig: SippRig, label: string): string {
  // A fresh directory every time: a second process (a restarted test worker) counts from 1 again,
  // and sipp appends to the trace files of a directory it finds.
  let dir: string;
  do {
    runCounter += 1;
    dir = path.join(rig.runDir, 'sipp', `${String(runCounter).padStart(3, '0')}-${label}`);
  } while (existsSync(dir));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** uas-reject.xml with its status line replaced (sipp reads status codes at load time). */
function rejectScenario(dir: string, rejection: { status: number; reason: string }): string {
  if (!Number.isInteger(rejection.status) || rejection.status < 300 || rejection.status > 699) {
    throw new Error(`not a final error status: ${rejection.status}`);
  }
  if (!/^[\w .,'-]+$/.test(rejection.reason))
    throw new Error(`unsupported reason phrase: ${rejection.reason}`);
  const template = readFileSync(path.join(SCENARIOS, 'uas-reject.xml'), 'utf8');
  const file = path.join(dir, 'uas-reject.xml');
  writeFileSync(
    file,
    template.replace('SIP/2.0 486 Busy Here', `SIP/2.0 ${rejection.status} ${rejection.reason}`),
  );
  return file;
}

function keyArgs(keys: Record<string, string>): string[] {
  return Object.entries(keys).flatMap(([name, value]) => ['-key', name, value]);
}

function headerLine(name: string, value: string): string {
  if (!/^[A-Za-z0-9-]+$/.test(name) || /[\r\n]/.test(value)) {
    throw new Error(`not a valid SIP header: ${JSON.stringify(name)}: ${JSON.stringify(value)}`);
  }
  return `${name}: ${value}`;
}

function validDtmf(digits: string): string {
  if (!/^[0-9*#A-D]*$/.test(digits)) throw new Error(`not DTMF digits: ${JSON.stringify(digits)}`);
  return digits;
}

/** Successful and failed call counts from the last row of sipp's `-trace_stat` CSV. */
function readStats(file: string): SippResult['stats'] {
  let rows: string[][];
  try {
    rows = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(';'));
  } catch {
    return { successful: 0, failed: 0 };
  }
  const header = rows[0] ?? [];
  const last = rows[rows.length - 1] ?? [];
  const column = (name: string): number => Number(last[header.indexOf(name)] ?? 0) || 0;
  return { successful: column('SuccessfulCall(C)'), failed: column('FailedCall(C)') };
}
