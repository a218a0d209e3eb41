import { describe, expect, it } from 'vitest';
import { hostCandidatesReady } from '../../../renderer/phone/host-candidates-ready';

const offer = (candidates: string[]) =>
  ['v=0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 0.0.0.0', ...candidates, 'a=rtcp-mux'].join('\r\n');
const udpHost = 'a=candidate:1467250027 1 udp 2122260223 198.18.0.1 49152 typ host generation 0';
const tcpHost = 'a=candidate:435653019 1 tcp 1518280447 198.18.0.1 9 typ host tcptype active generation 0';
const srflx =
  'a=candidate:842163049 1 udp 1686052607 203.0.113.7 49152 typ srflx raddr 198.18.0.1 rport 49152';

describe('hostCandidatesReady', () => {
  it('lets the offer go with a UDP host candidate when there are no ICE servers', () => {
    expect(hostCandidatesReady(offer([udpHost]), false)).toBe(true);
  });

  it('waits while there is none yet, or only a TCP one', () => {
    expect(hostCandidatesReady(offer([]), false)).toBe(false);
    expect(hostCandidatesReady(offer([tcpHost]), false)).toBe(false);
  });

  it('waits for the servers’ candidates when STUN or TURN is configured', () => {
    expect(hostCandidatesReady(offer([udpHost, srflx]), true)).toBe(false);
  });
});
