import { describe, expect, it } from 'vitest';
import { audioDirection, preferCodecs } from '../../../renderer/phone/codec-preference';

const offer = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'a=rtpmap:111 opus/48000/2',
  'a=rtpmap:63 red/48000/2',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
  'a=sendrecv',
  '',
].join('\r\n');

describe('preferCodecs', () => {
  it('puts the preferred codecs first, in order, and keeps the rest behind them', () => {
    expect(preferCodecs(offer, ['PCMA', 'PCMU'])).toContain(
      'm=audio 9 UDP/TLS/RTP/SAVPF 8 0 111 63 9 13 110 126\r\n',
    );
    expect(preferCodecs(offer, ['opus', 'PCMA'])).toContain(
      'm=audio 9 UDP/TLS/RTP/SAVPF 111 8 63 9 0 13 110 126\r\n',
    );
  });

  it('knows static payload types without an rtpmap', () => {
    const plain = 'v=0\nm=audio 4000 RTP/AVP 0 8 101\na=rtpmap:101 telephone-event/8000\n';
    expect(preferCodecs(plain, ['PCMA'])).toBe(
      'v=0\nm=audio 4000 RTP/AVP 8 0 101\na=rtpmap:101 telephone-event/8000\n',
    );
  });

  it('leaves an SDP without audio, or without a preference, as it is', () => {
    const video = 'v=0\r\nm=video 9 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n';
    expect(preferCodecs(video, ['PCMA'])).toBe(video);
    expect(preferCodecs(offer, [])).toBe(offer);
  });
});

describe('audioDirection', () => {
  it('reads the audio section direction', () => {
    expect(audioDirection(offer)).toBe('sendrecv');
    expect(audioDirection(offer.replace('a=sendrecv', 'a=sendonly'))).toBe('sendonly');
    expect(audioDirection('v=0\r\nm=audio 1 RTP/AVP 0\r\n')).toBe('sendrecv');
  });
});
