import { readFileSync } from 'node:fs';

/** The A-law speech sample Debian's sip-tester ships (7 s, 30 ms packets; docs/ARCHITECTURE.md). */
export const SIPP_SAMPLE_PCAP = '/usr/share/sip-tester/g711a.pcap';

const LINKTYPE_ETHERNET = 1;
const LINKTYPE_LINUX_SLL = 113;
const PAYLOAD_TYPE_PCMA = 8;

/**
 * The PCMA payloads of an RTP capture, concatenated: raw A-law samples at 8 kHz, which is what
 * sipp's `rtp_stream` action plays (and loops). Lets callers talk for as long as a test needs with
 * the real speech of the sample capture, instead of 7 s of `play_pcap_audio`.
 */
export function alawFromPcap(pcapFile: string = SIPP_SAMPLE_PCAP): Buffer {
  const pcap = readFileSync(pcapFile);
  const magic = pcap.readUInt32LE(0);
  const littleEndian = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!littleEndian && pcap.readUInt32BE(0) !== 0xa1b2c3d4 && pcap.readUInt32BE(0) !== 0xa1b23c4d) {
    throw new Error(`${pcapFile} is not a pcap file`);
  }
  const u32 = (offset: number): number =>
    littleEndian ? pcap.readUInt32LE(offset) : pcap.readUInt32BE(offset);
  const linkHeader = { [LINKTYPE_ETHERNET]: 14, [LINKTYPE_LINUX_SLL]: 16 }[u32(20)];
  if (linkHeader === undefined) throw new Error(`${pcapFile}: unsupported link type ${u32(20)}`);

  const payloads: Buffer[] = [];
  for (let offset = 24; offset + 16 <= pcap.length;) {
    const captured = u32(offset + 8);
    const packet = pcap.subarray(offset + 16, offset + 16 + captured);
    offset += 16 + captured;
    const ip = packet.subarray(linkHeader);
    if (ip.length < 20 || ip[0] === undefined || ip[0] >> 4 !== 4 || ip[9] !== 17) continue; // IPv4 UDP only
    const rtp = ip.subarray((ip[0] & 0x0f) * 4 + 8);
    const payload = rtpPayload(rtp);
    if (payload) payloads.push(payload);
  }
  if (payloads.length === 0) throw new Error(`${pcapFile}: no PCMA RTP packets found`);
  return Buffer.concat(payloads);
}

function rtpPayload(rtp: Buffer): Buffer | undefined {
  const first = rtp[0];
  const second = rtp[1];
  if (first === undefined || second === undefined || first >> 6 !== 2) return undefined;
  if ((second & 0x7f) !== PAYLOAD_TYPE_PCMA) return undefined;
  let start = 12 + (first & 0x0f) * 4;
  if (first & 0x10) start += 4 + rtp.readUInt16BE(start + 2) * 4; // header extension
  return rtp.subarray(start);
}
