import type { CallQuality } from './phone';

/** Reads the figures the agent sees from a peer connection's WebRTC statistics. */
export async function readCallQuality(peerConnection: RTCPeerConnection): Promise<CallQuality> {
  const report = await peerConnection.getStats();
  const quality: CallQuality = { packetsReceived: 0, packetsLost: 0, audioLevel: 0, jitterMs: 0 };
  const codecs = new Map<string, string>();
  let codecId: string | undefined;
  report.forEach((stat: Record<string, unknown> & { type: string; id: string }) => {
    if (stat.type === 'codec' && typeof stat.mimeType === 'string')
      codecs.set(stat.id, stat.mimeType.replace(/^audio\//, ''));
    if (stat.type === 'inbound-rtp' && stat.kind === 'audio') {
      quality.packetsReceived = Number(stat.packetsReceived ?? 0);
      quality.packetsLost = Number(stat.packetsLost ?? 0);
      quality.audioLevel = Number(stat.audioLevel ?? 0);
      quality.jitterMs = Math.round(Number(stat.jitter ?? 0) * 1000);
      codecId = typeof stat.codecId === 'string' ? stat.codecId : undefined;
    }
    if (stat.type === 'candidate-pair' && stat.nominated && typeof stat.currentRoundTripTime === 'number') {
      quality.roundTripMs = Math.round(stat.currentRoundTripTime * 1000);
    }
  });
  const codec = codecId ? codecs.get(codecId) : undefined;
  if (codec) quality.codec = codec;
  return quality;
}
