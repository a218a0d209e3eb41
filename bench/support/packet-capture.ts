import { readFileSync } from 'node:fs';
import { startProcess } from '../../sandbox/pbx/managed-process';
import { waitUntil } from '../../sandbox/pbx/wait-until';

/**
 * Loopback traffic recorded by tcpdump, with the kernel's timestamps: when a packet crossed the
 * loopback device, whatever the processes at either end were doing. A benchmark timed this way
 * needs nothing in the processes it measures (no DevTools protocol in the browser, no stamps in a
 * server that may itself be slow to look), so it neither slows them down nor waits on them.
 *
 * Inside the benchmark's private network namespace every address is local, so all of it crosses `lo`.
 */
export interface PacketCapture {
  /** Stops tcpdump (it writes out what it holds) and reads the capture; again, the same capture. */
  stop(): Promise<CapturedSegment[]>;
}

/** A TCP segment with a payload, from an IPv4 packet on the loopback device. */
export interface CapturedSegment {
  /** When the kernel saw it: epoch milliseconds, microsecond resolution. */
  at: number;
  sourcePort: number;
  destinationPort: number;
  payload: Buffer;
}

export async function startPacketCapture(options: {
  ports: readonly number[];
  file: string;
  logFile: string;
}): Promise<PacketCapture> {
  const filter = `tcp and (${options.ports.map((port) => `port ${port}`).join(' or ')})`;
  const tcpdump = startProcess({
    name: 'tcpdump',
    command: 'tcpdump',
    args: ['-i', 'lo', '-n', '-s', '0', '-w', options.file, filter],
    logFile: options.logFile,
  });
  await waitUntil('tcpdump listening', () => /listening on lo/.test(tcpdump.logTail(5)) || undefined, {
    timeoutMs: 10_000,
  });
  let stopped: Promise<CapturedSegment[]> | undefined;
  return {
    stop: () => (stopped ??= tcpdump.stop().then(() => readTcpSegments(readFileSync(options.file)))),
  };
}

const ethernet = 1;

/** The TCP segments with payload in a classic pcap file of an Ethernet-framed device (`lo`). */
export function readTcpSegments(file: Buffer): CapturedSegment[] {
  const magic = file.readUInt32LE(0);
  const nanoseconds = magic === 0xa1b23c4d;
  if (magic !== 0xa1b2c3d4 && !nanoseconds) throw new Error('not a little-endian pcap file');
  const linkType = file.readUInt32LE(20);
  if (linkType !== ethernet)
    throw new Error(`pcap link type ${linkType}: only Ethernet framing (lo) is read`);
  const segments: CapturedSegment[] = [];
  for (let offset = 24; offset + 16 <= file.length;) {
    const seconds = file.readUInt32LE(offset);
    const fraction = file.readUInt32LE(offset + 4);
    const captured = file.readUInt32LE(offset + 8);
    const packet = file.subarray(offset + 16, offset + 16 + captured);
    offset += 16 + captured;
    const at = seconds * 1_000 + (nanoseconds ? fraction / 1e6 : fraction / 1e3);
    const segment = tcpSegment(packet, at);
    if (segment) segments.push(segment);
  }
  return segments;
}

function tcpSegment(frame: Buffer, at: number): CapturedSegment | null {
  const ipv4 = 0x0800;
  const tcp = 6;
  if (frame.length < 14 + 20 || frame.readUInt16BE(12) !== ipv4) return null;
  const ip = frame.subarray(14);
  if (ip[9] !== tcp) return null;
  const ipHeader = (ip[0]! & 0x0f) * 4;
  const ipLength = ip.readUInt16BE(2);
  const segment = ip.subarray(ipHeader, ipLength);
  const tcpHeader = (segment[12]! >> 4) * 4;
  const payload = segment.subarray(tcpHeader);
  if (payload.length === 0) return null;
  return { at, sourcePort: segment.readUInt16BE(0), destinationPort: segment.readUInt16BE(2), payload };
}
