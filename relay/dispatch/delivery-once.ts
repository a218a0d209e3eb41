import { createHash } from 'node:crypto';
import type { DedupeStore } from '../stores/stores';

/**
 * One delivery of a Bitrix24 event, handled once by whichever relay gets it - also when the relay
 * that got it first died half-way and the balancer retried the POST on another one. The delivery's
 * key is recorded first (`seen`), and again with `:stored` once what it asked for is stored: a
 * repeat finds the first but not the second when the first attempt never got that far, and is then
 * handled again (the id derived from the key makes storing it a second time a no-op, so of two
 * attempts racing one stores). The relay answers Bitrix24 only after `stored`.
 */
export function deliveryOnce(dedupe: DedupeStore, key: string, expiresAt: number, idPrefix: string) {
  const storedKey = `${key}:stored`;
  return {
    /** The id of what this delivery stores: the same at every relay, for every repeat. */
    id: deliveryId(key, idPrefix),
    /**
     * 'first': never seen; 'unfinished': seen, but the attempt that saw it stored nothing yet (it
     * died, or is still running); 'handled': a repeat to drop.
     */
    async seen(): Promise<'first' | 'unfinished' | 'handled'> {
      if (await dedupe.firstSeen(key, expiresAt)) return 'first';
      return (await dedupe.firstSeen(storedKey, expiresAt)) ? 'unfinished' : 'handled';
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
