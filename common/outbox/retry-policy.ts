import type { BitrixFailureKind } from '../bitrix/bitrix-failure';

/**
 * How the outbox reacts to a failed request, and how long it waits before the next try.
 *
 * | failure            | the step                          | the portal (every call)             |
 * |--------------------|-----------------------------------|-------------------------------------|
 * | network, timeout   | stays queued, retried after its   | paused: nothing is sent until the   |
 * | rate-limited (503, | own backoff; "possibly delivered" | portal backoff passes (one probe    |
 * | 429)               | unless refused at the door        | then, not a storm); the rate budget |
 * |                    |                                   | is emptied on 503                   |
 * | server (5xx)       | as above                          | paused as above                     |
 * | sign-in-required   | stays queued, attempt not counted | held until new tokens arrive        |
 * | rejected (4xx)     | failed: shown with its error and  | unaffected                          |
 * |                    | a retry button, never retried     |                                     |
 * |                    | by itself                         |                                     |
 *
 * Backoff is exponential with "equal jitter": the n-th consecutive failure waits a random time
 * between half and all of min(max, base * factor^(n-1)), so many agents of one office that lost
 * the portal together do not come back in lockstep.
 */
export interface BackoffPolicy {
  baseMs: number;
  factor: number;
  maxMs: number;
}

/** Per step: 2 s, 4 s, 8 s ... capped at 5 minutes. */
export const stepBackoff: BackoffPolicy = { baseMs: 2_000, factor: 2, maxMs: 5 * 60_000 };
/** For the whole portal: 1 s, 2 s, 4 s ... capped at 1 minute. */
export const portalBackoff: BackoffPolicy = { baseMs: 1_000, factor: 2, maxMs: 60_000 };

/** The wait after the `failures`-th consecutive failure (1 for the first); `random` in [0, 1). */
export function backoffDelay(policy: BackoffPolicy, failures: number, random: () => number): number {
  const exponent = Math.max(0, failures - 1);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * policy.factor ** Math.min(exponent, 64));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export type FailureHandling =
  /** Try again later; the whole portal pauses too (it is down, slow or rate-limiting us). */
  | 'retry'
  /** Do not send anything until the agent signs in again; the step keeps its place. */
  | 'hold'
  /** Give up on this step; it waits for the agent's retry. */
  | 'fail';

export function handlingOf(kind: BitrixFailureKind): FailureHandling {
  switch (kind) {
    case 'network':
    case 'timeout':
    case 'rate-limited':
    case 'server':
      return 'retry';
    case 'sign-in-required':
      return 'hold';
    case 'rejected':
      return 'fail';
  }
}

/** Connection failures that happen before a request can reach the portal at all. */
const neverSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Whether a request that failed this way may still have been carried out by the portal. A
 * refused connection, a rate-limit or an auth refusal is decided before the method runs; a
 * timeout, a dropped connection or a 5xx is not: a finish that failed so may have finished the
 * call (a later "Call is not found" then means "already finished"), and a register that failed
 * so may still land late (see common/outbox/delivery-plan.ts).
 */
export function mayHaveLanded(failure: { kind: BitrixFailureKind; code: string }): boolean {
  switch (failure.kind) {
    case 'network':
      return !neverSentCodes.has(failure.code);
    case 'timeout':
    case 'server':
      return true;
    case 'rate-limited':
    case 'sign-in-required':
    case 'rejected':
      return false;
  }
}
