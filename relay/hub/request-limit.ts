import type { SharedRateLimits } from '../stores/stores';
import { KeyedRateLimits } from './keyed-rate-limits';

/** One of the relay's request budgets (relay configuration `limits`), by key: a session, an address. */
export interface RequestLimit {
  /** Takes one request from `key`'s budget; false when it is spent. */
  take(key: string, now: number): Promise<boolean>;
}

/**
 * A budget of `ratePerSecond` (burst twice that unless said), counted in this process when the
 * relay runs alone (KeyedRateLimits, at most `maxKeys` keys), or in the shared store when relays
 * share one (each take one atomic round trip, `name` keeping this budget's keys apart). A take the
 * database does not answer lets the request through: what it asks for meets the same database and
 * fails with an answer of its own, where a thrown limit would be an unanswered hub request.
 */
export function requestLimit(
  name: string,
  options: { ratePerSecond: number; burst?: number; maxKeys: number },
  shared: SharedRateLimits | undefined,
): RequestLimit {
  if (shared) {
    const shape = { ratePerSecond: options.ratePerSecond, burst: options.burst ?? options.ratePerSecond * 2 };
    return { take: (key, now) => shared.take(`${name}:${key}`, shape, now).catch(() => true) };
  }
  const local = new KeyedRateLimits(options);
  return { take: (key, now) => Promise.resolve(local.take(key, now)) };
}
