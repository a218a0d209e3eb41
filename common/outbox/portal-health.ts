import type { BitrixFailure } from '../bitrix/bitrix-failure';

/**
 * How the portal as a whole stands for the outbox (one call's trouble is that call's step state).
 *
 *   from                     event                          to
 *   healthy, unreachable     failed (counted)               unreachable, one failure more, paused
 *   unreachable              failed (not counted)           unreachable, same count, last error updated
 *   healthy                  failed (not counted)           healthy     (a late answer of an outage already over)
 *   healthy, unreachable     answered                       healthy
 *   unreachable              retry-now                      unreachable, pause lifted (the agent's Retry)
 *   healthy, unreachable     sign-in-failed                 held        (until new tokens)
 *   any                      tokens-renewed                 healthy
 *
 * While held nothing but new tokens changes it: answers and failures of requests still in flight
 * say nothing a sign-in would not undo.
 */
export type PortalHealth =
  | { state: 'healthy' }
  | {
      state: 'unreachable';
      /** Consecutive portal-wide failures (concurrent failures of one outage count once). */
      failures: number;
      lastError: BitrixFailure;
      /** No request before this time (0: the pause was lifted, probe now). */
      pausedUntil: number;
    }
  | { state: 'held'; failure: BitrixFailure };

export type PortalHealthEvent =
  | {
      kind: 'failed';
      error: BitrixFailure;
      /** False for a second failure of an outage already counted. */
      counted: boolean;
      /** The pause after the failure count this failure makes (the backoff policy's delay). */
      pauseFor: (failures: number) => number;
      now: number;
    }
  | { kind: 'answered' }
  | { kind: 'retry-now' }
  | { kind: 'sign-in-failed'; error: BitrixFailure }
  | { kind: 'tokens-renewed' };

export const healthyPortal: PortalHealth = { state: 'healthy' };

export function nextPortalHealth(health: PortalHealth, event: PortalHealthEvent): PortalHealth {
  if (event.kind === 'tokens-renewed') return healthyPortal;
  if (health.state === 'held') return health;
  switch (event.kind) {
    case 'sign-in-failed':
      return { state: 'held', failure: event.error };
    case 'answered':
      return healthyPortal;
    case 'retry-now':
      return health.state === 'unreachable' ? { ...health, pausedUntil: 0 } : health;
    case 'failed': {
      if (!event.counted)
        return health.state === 'unreachable' ? { ...health, lastError: event.error } : health;
      const failures = (health.state === 'unreachable' ? health.failures : 0) + 1;
      return {
        state: 'unreachable',
        failures,
        lastError: event.error,
        pausedUntil: event.now + event.pauseFor(failures),
      };
    }
  }
}
