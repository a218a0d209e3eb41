import { describe, expect, it } from 'vitest';
import { nextTransfer, type TransferEvent, type TransferState } from '../../../renderer/phone/transfer-state';

const blind: TransferState = { kind: 'blind', target: '102', status: 'requesting' };
const consulting: TransferState = {
  kind: 'attended',
  target: '103',
  consultationId: 'c1',
  status: 'consulting',
};
const requesting: TransferState = { ...consulting, status: 'requesting' };

describe('transfer state machine', () => {
  it.each<[string, TransferState | undefined, TransferEvent, TransferState | undefined]>([
    ['none', undefined, { kind: 'blind', target: '102' }, blind],
    ['none', undefined, { kind: 'consult', target: '103', consultationId: 'c1' }, consulting],
    ['consulting', consulting, { kind: 'complete' }, requesting],
    ['requesting (a second click)', requesting, { kind: 'complete' }, requesting],
    ['blind requesting', blind, { kind: 'failed' }, undefined],
    ['attended requesting', requesting, { kind: 'failed' }, consulting],
    ['consulting', consulting, { kind: 'consultation-ended', consultationId: 'c1' }, undefined],
    ['attended requesting', requesting, { kind: 'consultation-ended', consultationId: 'c1' }, undefined],
  ])('%s --%j--> %j', (_name, from, event, to) => {
    expect(nextTransfer(from, event)).toEqual({ transfer: to });
  });

  it.each<[string, TransferState | undefined, TransferEvent]>([
    ['a second blind transfer', blind, { kind: 'blind', target: '104' }],
    ['a blind transfer while consulting', consulting, { kind: 'blind', target: '104' }],
    ['a second consultation', consulting, { kind: 'consult', target: '104', consultationId: 'c2' }],
    [
      'a consultation while a blind transfer is asked',
      blind,
      { kind: 'consult', target: '104', consultationId: 'c2' },
    ],
    ['completing without a consultation', undefined, { kind: 'complete' }],
    ['completing a blind transfer', blind, { kind: 'complete' }],
    ['a failure with no transfer', undefined, { kind: 'failed' }],
    ['a failure before the REFER', consulting, { kind: 'failed' }],
    ['another consultation ending', consulting, { kind: 'consultation-ended', consultationId: 'c2' }],
    [
      'a consultation ending during a blind transfer',
      blind,
      { kind: 'consultation-ended', consultationId: 'c1' },
    ],
    [
      'a consultation ending with no transfer',
      undefined,
      { kind: 'consultation-ended', consultationId: 'c1' },
    ],
  ])('refuses %s', (_name, from, event) => {
    expect(nextTransfer(from, event)).toBeNull();
  });
});
