import type { MediaDirection } from './phone';
import type { MediaSample } from './quality-monitor';

/** One reading of a peer connection's WebRTC statistics, as the quality monitor takes them. */
export async function readMediaSample(peerConnection: RTCPeerConnection): Promise<MediaSample> {
  const report = await peerConnection.getStats();
  const sample: MediaSample = {
    at: Date.now(),
    packetsReceived: 0,
    packetsLost: 0,
    jitterMs: 0,
    audioLevel: 0,
  };
  const codecs = new Map<string, string>();
  let codecId: string | undefined;
  report.forEach((stat: Record<string, unknown> & { type: string; id: string }) => {
    if (stat.type === 'codec' && typeof stat.mimeType === 'string')
      codecs.set(stat.id, stat.mimeType.replace(/^audio\//, ''));
    if (stat.type === 'inbound-rtp' && stat.kind === 'audio') {
      sample.packetsReceived = Number(stat.packetsReceived ?? 0);
      sample.packetsLost = Number(stat.packetsLost ?? 0);
      sample.audioLevel = Number(stat.audioLevel ?? 0);
      sample.jitterMs = Math.round(Number(stat.jitter ?? 0) * 1000);
      codecId = typeof stat.codecId === 'string' ? stat.codecId : undefined;
    }
    if (
      stat.type === 'remote-inbound-rtp' &&
      typeof stat.roundTripTime === 'number' &&
      sample.roundTripMs === undefined
    )
      sample.roundTripMs = Math.round(stat.roundTripTime * 1000);
    if (stat.type === 'candidate-pair' && stat.nominated && typeof stat.currentRoundTripTime === 'number')
      sample.roundTripMs = Math.round(stat.currentRoundTripTime * 1000);
  });
  const codec = codecId ? codecs.get(codecId) : undefined;
  if (codec) sample.codec = codec;
  return sample;
}

/** The audio direction WebRTC negotiated for the first audio transceiver. */
export function currentDirection(peerConnection: RTCPeerConnection): MediaDirection | undefined {
  const transceiver = peerConnection
    .getTransceivers()
    .find(
      (candidate) => candidate.receiver.track.kind === 'audio' && candidate.currentDirection !== 'stopped',
    );
  const direction = transceiver?.currentDirection;
  return direction === 'sendrecv' ||
    direction === 'sendonly' ||
    direction === 'recvonly' ||
    direction === 'inactive'
    ? direction
    : undefined;
}
