import { describe, expect, it } from 'vitest';
import { classifyNumber, numberForBitrix } from '../../../common/phone/phone-number';

describe('classifyNumber', () => {
  it.each([
    ['89161234567', '+79161234567'],
    ['+7 (916) 123-45-67', '+79161234567'],
    ['9161234567', '+79161234567'],
    ['8 495 123.45.67', '+74951234567'],
    ['+1 202 555 0123', '+12025550123'],
    ['0049 30 12345678', '+493012345678'],
  ])('reads %s as the external number %s', (raw, e164) => {
    expect(classifyNumber(raw)).toEqual({ kind: 'external', e164 });
  });

  it('keeps internal extensions as they are', () => {
    expect(classifyNumber('101')).toEqual({ kind: 'internal', extension: '101' });
    expect(classifyNumber('+101').kind).toBe('invalid');
  });

  it.each([
    ['', 'empty'],
    ['abc', 'only digits'],
    ['+7916;transport=tcp', 'only digits'],
    ['８９１６１２３４５６７', 'only digits'], // full-width look-alike digits
    ['٨٩١٦١٢٣٤٥٦٧', 'only digits'], // Arabic-Indic digits
    ['1'.repeat(40), 'too long'],
    ['+7 916', 'not a dialable'],
  ])('refuses %j (%s)', (raw, reason) => {
    const classified = classifyNumber(raw);
    expect(classified.kind).toBe('invalid');
    if (classified.kind === 'invalid') expect(classified.reason).toContain(reason);
  });
});

describe('numberForBitrix', () => {
  it('sends E.164 when the number parses, whatever the format', () => {
    expect(numberForBitrix('8 (916) 123-45-67')).toBe('+79161234567');
  });
  it('keeps what it cannot parse, so no call is lost', () => {
    expect(numberForBitrix('anonymous')).toBe('anonymous');
    expect(numberForBitrix('12')).toBe('12');
  });
});
