import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';

const TCP_LISTEN = '0A';

/**
 * True when a socket in this network namespace is bound to UDP `address:port`, or listens on TCP
 * `address:port` (read from /proc/net/udp, /proc/net/tcp; the wildcard address counts too).
 * How we know a freshly started sipp UAS can take calls, and that a rig's ports are free before
 * it starts: Kamailio and rtpengine set SO_REUSEADDR, so a second rig on the same ports would
 * start "fine" and steal half the packets of the first.
 */
export function isPortBound(protocol: 'udp' | 'tcp', address: string, port: number): boolean {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const wanted = new Set([`${ipv4Hex(address)}:${portHex}`, `00000000:${portHex}`]);
  return readFileSync(`/proc/net/${protocol}`, 'utf8')
    .split('\n')
    .slice(1)
    .some((line) => {
      const [, local, , state] = line.trim().split(/\s+/);
      return local !== undefined && wanted.has(local) && (protocol === 'udp' || state === TCP_LISTEN);
    });
}

/**
 * A UDP port the kernel considers free on `address` right now (bind to port 0, read, close). sipp
 * left to itself takes the first free port from 5060 up, which would be a UAS's port (5070+) on a
 * busy rig; an ephemeral port never is.
 */
export function freeUdpPort(address: string): Promise<number> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, address, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** /proc/net/* writes an IPv4 address as the hex of its bytes in host (little-endian) order. */
function ipv4Hex(address: string): string {
  const bytes = address.split('.').map(Number);
  if (bytes.length !== 4 || bytes.some((byte) => !Number.isInteger(byte) || byte < 0 || byte > 255)) {
    throw new Error(`not an IPv4 address: ${address}`);
  }
  return bytes
    .reverse()
    .map((byte) => byte.toString(16).toUpperCase().padStart(2, '0'))
    .join('');
}
