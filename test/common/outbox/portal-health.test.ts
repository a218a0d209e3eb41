import { describe, expect, it } from 'vitest';
import type { BitrixFailure } from '../../../common/bitrix/bitrix-failure';
import {
  healthyPortal,
  nextPortalHealth,
  type PortalHealth,
  type PortalHealthEvent,
} from '../../../common/outbox/portal-health';

const down: BitrixFailure = {
  kind: 'network',
  code: 'ECONNREFUSED',
  description: 'refused',
  httpStatus: 0,
  at: 1,
};
const later: BitrixFailure = { ...down, at: 2 };
const signIn: BitrixFailure = {
  kind: 'sign-in-required',
  code: 'expired_token',
  description: 'expired',
  httpStatus: 401,
  at: 3,
};

const failed = (counted: boolean, error = down): PortalHealthEvent => ({
  kind: 'failed',
  error,
  counted,
  pauseFor: (failures) => failures * 1000,
  now: 10_000,
});
const unreachable = (failures: number, pausedUntil = 12_000, lastError = down): PortalHealth => ({
  state: 'unreachable',
  failures,
  lastError,
  pausedUntil,
});
const held: PortalHealth = { state: 'held', failure: signIn };

describe('the portal health of the outbox', () => {
  it.each<[string, PortalHealth, PortalHealthEvent, PortalHealth]>([
    ['a first failure pauses', healthyPortal, failed(true), unreachable(1, 11_000)],
    ['a counted failure pauses longer', unreachable(1), failed(true, later), unreachable(2, 12_000, later)],
    [
      'a second failure of one outage only updates the error',
      unreachable(2),
      failed(false, later),
      unreachable(2, 12_000, later),
    ],
    ['a late failure of an outage already over changes nothing', healthyPortal, failed(false), healthyPortal],
    ['an answer ends the outage', unreachable(3), { kind: 'answered' }, healthyPortal],
    ['an answer while healthy changes nothing', healthyPortal, { kind: 'answered' }, healthyPortal],
    [
      'the agent’s retry lifts the pause, not the count',
      unreachable(3),
      { kind: 'retry-now' },
      unreachable(3, 0),
    ],
    ['a retry while healthy changes nothing', healthyPortal, { kind: 'retry-now' }, healthyPortal],
    ['a sign-in failure holds', unreachable(2), { kind: 'sign-in-failed', error: signIn }, held],
    [
      'a sign-in failure holds a healthy portal too',
      healthyPortal,
      { kind: 'sign-in-failed', error: signIn },
      held,
    ],
    ['a held portal ignores answers', held, { kind: 'answered' }, held],
    ['a held portal ignores failures', held, failed(true), held],
    ['a held portal ignores retries', held, { kind: 'retry-now' }, held],
    ['new tokens lift the hold', held, { kind: 'tokens-renewed' }, healthyPortal],
    ['new tokens end an outage', unreachable(4), { kind: 'tokens-renewed' }, healthyPortal],
  ])('%s', (_name, from, event, to) => {
    expect(nextPortalHealth(from, event)).toEqual(to);
  });
});
