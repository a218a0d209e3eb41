import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  handlingOf,
  mayHaveLanded,
  portalBackoff,
  stepBackoff,
} from '../../../common/outbox/retry-policy';

describe('retry policy', () => {
  it('backs off exponentially between half and all of the ceiling, capped', () => {
    expect(backoffDelay(stepBackoff, 1, () => 0)).toBe(1_000);
    expect(backoffDelay(stepBackoff, 1, () => 0.999999)).toBe(2_000);
    expect(backoffDelay(stepBackoff, 4, () => 0)).toBe(8_000);
    expect(backoffDelay(stepBackoff, 40, () => 0.999999)).toBe(300_000);
    expect(backoffDelay(portalBackoff, 100, () => 0)).toBe(30_000);
  });

  it('retries what heals, holds for sign-in, gives up on rejections', () => {
    expect(['network', 'timeout', 'rate-limited', 'server'].map((kind) => handlingOf(kind as never))).toEqual(
      ['retry', 'retry', 'retry', 'retry'],
    );
    expect(handlingOf('sign-in-required')).toBe('hold');
    expect(handlingOf('rejected')).toBe('fail');
  });

  it('counts a request as possibly carried out unless it was refused before the method ran', () => {
    expect(mayHaveLanded({ kind: 'timeout', code: 'REQUEST_TIMEOUT' })).toBe(true);
    expect(mayHaveLanded({ kind: 'network', code: 'ECONNRESET' })).toBe(true);
    expect(mayHaveLanded({ kind: 'server', code: 'INTERNAL_SERVER_ERROR' })).toBe(true);
    expect(mayHaveLanded({ kind: 'network', code: 'ECONNREFUSED' })).toBe(false);
    expect(mayHaveLanded({ kind: 'rate-limited', code: 'QUERY_LIMIT_EXCEEDED' })).toBe(false);
    expect(mayHaveLanded({ kind: 'sign-in-required', code: 'expired_token' })).toBe(false);
    expect(mayHaveLanded({ kind: 'rejected', code: '' })).toBe(false);
  });
});
