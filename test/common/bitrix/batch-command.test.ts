import { describe, expect, it } from 'vitest';
import { batchCommand, resultReference } from '../../../common/bitrix/batch-command';

describe('batch command', () => {
  it('writes the query the way PHP writes it, arrays with brackets', () => {
    expect(
      batchCommand('telephony.externalCall.hide', { CALL_ID: 'externalCall.ab.1', USER_ID: [2, 3] }),
    ).toBe('telephony.externalCall.hide?CALL_ID=externalCall.ab.1&USER_ID%5B0%5D=2&USER_ID%5B1%5D=3');
  });
  it('encodes what would break the query: offsets with +, spaces, ampersands', () => {
    expect(batchCommand('m', { CALL_START_DATE: '2026-11-21T09:15:02+03:00', FAILED_REASON: 'a & b' })).toBe(
      'm?CALL_START_DATE=2026-11-21T09%3A15%3A02%2B03%3A00&FAILED_REASON=a%20%26%20b',
    );
  });
  it('carries references to earlier results, nested objects and booleans; drops undefined', () => {
    expect(
      batchCommand('m', { CALL_ID: resultReference('r1', 'CALL_ID'), F: { A: true }, X: undefined }),
    ).toBe('m?CALL_ID=%24result%5Br1%5D%5BCALL_ID%5D&F%5BA%5D=1');
    expect(batchCommand('m', {})).toBe('m');
  });
});
