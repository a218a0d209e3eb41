import { describe, expect, it } from 'vitest';
import type { CallSummary } from '../../../common/calls/call-summary';
import { matchesSearch } from '../../../renderer/store/history-slice';

const call = (remoteNumber: string) => ({ remoteNumber }) as CallSummary;

describe('history search', () => {
  it('matches the digits, however the number and the query are written', () => {
    expect(matchesSearch(call('+74951234567'), '495 123')).toBe(true);
    expect(matchesSearch(call('+74951234567'), '(495) 123-45')).toBe(true);
    expect(matchesSearch(call('+74951234567'), '496')).toBe(false);
    expect(matchesSearch(call('102'), '10')).toBe(true);
  });

  it('matches text when no digit was typed, and everything when nothing was', () => {
    expect(matchesSearch(call('anonymous'), 'anon')).toBe(true);
    expect(matchesSearch(call('+74951234567'), 'anon')).toBe(false);
    expect(matchesSearch(call('+74951234567'), '  ')).toBe(true);
  });
});
