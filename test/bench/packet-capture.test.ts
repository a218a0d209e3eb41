import { describe, expect, it } from 'vitest';
import { readTcpSegments } from '../../bench/support/packet-capture';

/** A classic little-endian pcap file (microseconds) of Ethernet frames. */
function pcap(frames: Array<{ seconds: number; micros: number; frame: Buffer }>): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262_144, 16);
  header.writeUInt32LE(1, 20);
  const records = frames.map(({ seconds, micros, frame }) => {
    const record = Buffer.alloc(16);
    record.writeUInt32LE(seconds, 0);
    record.writeUInt32LE(micros, 4);
    record.writeUInt32LE(frame.length, 8);
    record.writeUInt32LE(frame.length, 12);
    return Buffer.concat([record, frame]);
  });
  return Buffer.concat([header, ...records]);
}

function ipv4Frame(protocol: number, sourcePort: number, destinationPort: number, payload: string): Buffer {
  const ethernet = Buffer.alloc(14);
  ethernet.writeUInt16BE(0x0800, 12);
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(sourcePort, 0);
  tcp.writeUInt16BE(destinationPort, 2);
  tcp[12] = 5 << 4;
  const body = Buffer.from(payload, 'latin1');
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + tcp.length + body.length, 2);
  ip[9] = protocol;
  // Ethernet frames on the wire may be padded past the IP packet's end: padding is not payload.
  return Buffer.concat([ethernet, ip, tcp, body, Buffer.alloc(4)]);
}

describe('readTcpSegments (the loopback capture the INVITE -> register benchmark reads)', () => {
  it('reads each TCP payload with its ports and kernel time, and skips the rest', () => {
    const segments = readTcpSegments(
      pcap([
        { seconds: 1_800_000_000, micros: 250, frame: ipv4Frame(6, 5066, 40_000, 'INVITE sip:101@x') },
        { seconds: 1_800_000_000, micros: 900, frame: ipv4Frame(6, 40_000, 5066, '') },
        { seconds: 1_800_000_001, micros: 5, frame: ipv4Frame(17, 5060, 5060, 'udp') },
        { seconds: 1_800_000_001, micros: 7, frame: ipv4Frame(6, 41_000, 8080, 'POST /rest/x') },
      ]),
    );
    expect(
      segments.map(({ payload, ...rest }) => ({ ...rest, payload: payload.toString('latin1') })),
    ).toEqual([
      { at: 1_800_000_000_000.25, sourcePort: 5066, destinationPort: 40_000, payload: 'INVITE sip:101@x' },
      { at: 1_800_000_001_000.007, sourcePort: 41_000, destinationPort: 8080, payload: 'POST /rest/x' },
    ]);
  });

  it('refuses what it cannot read rather than timing nothing', () => {
    expect(() => readTcpSegments(Buffer.alloc(24))).toThrow(/not a little-endian pcap/);
    const cooked = pcap([]);
    cooked.writeUInt32LE(113, 20);
    expect(() => readTcpSegments(cooked)).toThrow(/link type 113/);
  });
});
