/**
 * Estimated MOS from network figures: the ITU-T G.107 E-model, reduced to what WebRTC statistics
 * give us (round trip, jitter, packet loss, codec). Not a listening test: a consistent yardstick
 * so "the line was bad" can be seen live and checked after the call.
 *
 *   d      = RTT / 2 + 2 x jitter (jitter buffer) + codec delay            one-way delay, ms
 *   Id     = 0.024 d + 0.11 (d - 177.3) H(d - 177.3)                         delay impairment
 *   Ie-eff = Ie + (95 - Ie) x Ppl / (Ppl + Bpl)                              loss impairment (random loss)
 *   R      = 93.2 - Id - Ie-eff
 *   MOS    = 1 + 0.035 R + R (R - 60)(100 - R) x 7e-6, clamped to 1..4.5
 */

interface CodecImpairment {
  /** Equipment impairment without loss (G.113 Appendix I). */
  ie: number;
  /** Packet-loss robustness. */
  bpl: number;
  /** Packetisation and look-ahead, ms. */
  delayMs: number;
}

const codecs: Record<string, CodecImpairment> = {
  pcma: { ie: 0, bpl: 25.1, delayMs: 20 },
  pcmu: { ie: 0, bpl: 25.1, delayMs: 20 },
  g722: { ie: 0, bpl: 25.1, delayMs: 20 },
  // Opus has no G.113 entry; its loss concealment and FEC are at least as good as G.711 with PLC.
  opus: { ie: 0, bpl: 30, delayMs: 26.5 },
};
const unknownCodec: CodecImpairment = { ie: 0, bpl: 25.1, delayMs: 20 };

export interface MosInput {
  codec?: string | undefined;
  roundTripMs?: number | undefined;
  jitterMs: number;
  /** Packets lost, percent of those sent (0..100). */
  lossPercent: number;
}

export interface MosEstimate {
  r: number;
  mos: number;
}

export function estimateMos(input: MosInput): MosEstimate {
  const codec = codecs[(input.codec ?? '').toLowerCase()] ?? unknownCodec;
  const delay = Math.max(0, input.roundTripMs ?? 0) / 2 + 2 * Math.max(0, input.jitterMs) + codec.delayMs;
  const delayImpairment = 0.024 * delay + (delay > 177.3 ? 0.11 * (delay - 177.3) : 0);
  const loss = Math.min(100, Math.max(0, input.lossPercent));
  const lossImpairment = codec.ie + ((95 - codec.ie) * loss) / (loss + codec.bpl);
  const r = 93.2 - delayImpairment - lossImpairment;
  return { r, mos: mosFromR(r) };
}

export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return Math.min(4.5, Math.max(1, 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6));
}
