/**
 * When to try again after a failure: exponential, capped, with jitter, so a hundred agents who lost
 * the PBX at the same moment do not all come back at the same moment.
 */
export interface BackoffPolicy {
  firstDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** 0..1: each delay is shortened by up to this fraction, at random. */
  jitter: number;
}

/** Network trouble (unreachable, connection lost, no answer): heals by itself, come back soon. */
export const networkBackoff: BackoffPolicy = {
  firstDelayMs: 1_000,
  factor: 2,
  maxDelayMs: 60_000,
  jitter: 0.3,
};

/** The PBX refused us (wrong password, forbidden): heals only when someone acts; ask rarely. */
export const refusalBackoff: BackoffPolicy = {
  firstDelayMs: 60_000,
  factor: 2,
  maxDelayMs: 600_000,
  jitter: 0.2,
};

/** The delay before retry number `attempt` (1 = the first retry). `random` returns 0..1. */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const base = Math.min(policy.maxDelayMs, policy.firstDelayMs * policy.factor ** exponent);
  const shortenBy = base * policy.jitter * Math.min(1, Math.max(0, random()));
  return Math.round(base - shortenBy);
}
