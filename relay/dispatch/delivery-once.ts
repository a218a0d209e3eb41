import { createHash } from 'node:crypto';
import type { DedupeKey, DedupeStore } from '../stores/stores';

/**
 * One delivery of a Bitrix24 event, handled once by whichever relay gets it - also when the relay
 * that got it first died half-way and the balancer retried the POST on another one. The delivery's
 * key is recorded first (`seen`), and again with `:stored` once what it asked for is stored: a
 * repeat finds the first but not the second when the first attempt never got that far, and is then
 * handled again (the id derived from the key makes storing it a second time a no-op, so of two
 * attempts racing one stores). The relay answers Bitrix24 only after `stored`. `also`: a key
 * recorded with a new delivery in the same store call (a click-to-call's CALL_ID, whose other
 * deliveries within a while are double clicks).
 */
export function deliveryOnce(
  dedupe: DedupeStore,
  key: string,
  expiresAt: number,
  idPrefix: string,
  also: DedupeKey | null = null,
) {
  const storedKey = `${key}:stored`;
  return {
    /** The id of what this delivery stores: the same at every relay, for every repeat. */
    id: deliveryId(key, idPrefix),
    /**
     * 'first': never seen (nor `also`); 'also-seen': never seen, but `also` was; 'unfinished':
     * seen, but the attempt that saw it stored nothing yet (it died, or is still running);
     * 'handled': a repeat to drop. One store call.
     */
    async seen(): Promise<'first' | 'also-seen' | 'unfinished' | 'handled'> {
      const [first, next] = await dedupe.firstSeenThen(key, expiresAt, also, { key: storedKey, expiresAt });
      if (first) return also && !next ? 'also-seen' : 'first';
      return next ? 'unfinished' : 'handled';
    },
    async stored(): Promise<void> {
      await dedupe.firstSeen(storedKey, expiresAt);
    },
  };
}

/** The id of what the delivery `key` stores. */
export function deliveryId(key: string, idPrefix: string): string {
  return `${idPrefix}_${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`;
}
