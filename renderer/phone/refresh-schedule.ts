/**
 * When to refresh a registration the PBX granted for `expiresSeconds`. sip.js refreshes at 99 % of
 * the lifetime: with a 60 s expiry that leaves 0.6 s for the REGISTER, its digest challenge and a
 * slow WebSocket, and the binding lapses at the first hiccup (calls then go to voicemail). We keep
 * the larger of 10 % of the lifetime and 30 s in hand, and never refresh before half-way.
 */
export function refreshDelayMs(expiresSeconds: number): number {
  const lifetime = Math.max(1, expiresSeconds) * 1000;
  const margin = Math.max(lifetime * 0.1, 30_000);
  return Math.round(Math.max(lifetime / 2, lifetime - margin));
}
