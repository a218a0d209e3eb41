import { describe, expect, it } from 'vitest';
import { transferProgress } from '../../../renderer/phone/transfer-progress';
import { dtmfInfoBody, dtmfOf } from '../../../renderer/phone/dtmf';

describe('transferProgress', () => {
  it.each([
    ['SIP/2.0 100 Trying', { kind: 'trying' }],
    ['SIP/2.0 180 Ringing\r\n', { kind: 'trying' }],
    ['SIP/2.0 200 OK\r\n', { kind: 'succeeded' }],
    ['SIP/2.0 486 Busy Here', { kind: 'failed', sipCode: 486, reasonPhrase: 'Busy Here' }],
    ['', { kind: 'trying' }],
    [undefined, { kind: 'trying' }],
    ['garbage', { kind: 'trying' }],
  ])('reads %j', (body, progress) => {
    expect(transferProgress(body)).toEqual(progress);
  });
});

describe('dtmf', () => {
  it('keeps only DTMF digits', () => {
    expect(dtmfOf('12#*abcd e9')).toBe('12#*ABCD9');
  });
  it('writes an INFO body', () => {
    expect(dtmfInfoBody('5')).toBe('Signal=5\r\nDuration=160\r\n');
  });
});
