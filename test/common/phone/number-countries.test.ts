import { describe, expect, it } from 'vitest';
import type { CountryCode } from 'libphonenumber-js';
import { clickToCallNumber } from '../../../common/phone/click-to-call-number';
import { countryOfNumbers, planDial } from '../../../common/phone/dial-rules';
import {
  classifyNumber,
  defaultNumberRules,
  numberForBitrix,
  type NumberRules,
} from '../../../common/phone/phone-number';
import { dialRulesSettingsSchema } from '../../../common/settings/phone-settings';

/** The same readers of numbers on Russian, German and US portals. */
const rulesOf = (defaultCountry: CountryCode): NumberRules => ({ ...defaultNumberRules, defaultCountry });

describe('numbers read in the portal’s country', () => {
  it.each([
    // national, with the trunk prefix
    ['RU', '8 (916) 123-45-67', '+79161234567'],
    ['DE', '030 12345678', '+493012345678'],
    ['DE', '0151 23456789', '+4915123456789'],
    ['US', '1 212 555 1234', '+12125551234'],
    // national, without it
    ['RU', '(916) 123-45-67', '+79161234567'],
    ['DE', '30 12345678', '+493012345678'],
    ['US', '(212) 555-1234', '+12125551234'],
    // international: the country does not matter
    ['RU', '+49 30 12345678', '+493012345678'],
    ['DE', '+1 212 555 1234', '+12125551234'],
    ['US', '+7 916 123 45 67', '+79161234567'],
    ['DE', '0049 30 12345678', '+493012345678'],
    // the country's own international prefix
    ['RU', '810 49 30 12345678', '+493012345678'],
    ['US', '011 49 30 12345678', '+493012345678'],
  ] as const)('on a %s portal reads %s as %s', (country, raw, e164) => {
    expect(classifyNumber(raw, rulesOf(country))).toEqual({ kind: 'external', e164 });
    expect(numberForBitrix(raw, rulesOf(country))).toBe(e164);
  });

  it.each(['RU', 'DE', 'US'] as const)(
    'on a %s portal keeps short internal numbers as extensions',
    (country) => {
      expect(classifyNumber('101', rulesOf(country))).toEqual({ kind: 'internal', extension: '101' });
      expect(numberForBitrix('2001', rulesOf(country))).toBe('2001');
    },
  );

  it('refuses what no portal can dial, with why: a number with its extension written in, another country’s national number', () => {
    expect(classifyNumber('+1 212 555 1234 ext. 56', rulesOf('US'))).toMatchObject({
      kind: 'invalid',
      code: 'characters',
    });
    expect(classifyNumber('030 12345678', rulesOf('RU'))).toMatchObject({
      kind: 'invalid',
      code: 'not-dialable',
    });
  });

  it('reads (212) 555-1234 as Russian only on a Russian portal (the issue: +7 212 555 1234)', () => {
    expect(numberForBitrix('2125551234', rulesOf('US'))).toBe('+12125551234');
    expect(numberForBitrix('2125551234', rulesOf('RU'))).toBe('+72125551234');
  });
});

describe('the country of numbers', () => {
  it('is the agent’s setting, else the portal’s, else RU', () => {
    expect(countryOfNumbers('US', 'DE')).toBe('US');
    expect(countryOfNumbers('', 'DE')).toBe('DE');
    expect(countryOfNumbers('', undefined)).toBe('RU');
    expect(countryOfNumbers('', 'XX')).toBe('RU');
  });

  it('dials national numbers of the portal’s country unless the agent names another', () => {
    const rules = dialRulesSettingsSchema.parse({});
    expect(planDial('030 12345678', rules, 'DE')).toMatchObject({ dialString: '+493012345678' });
    expect(planDial('(212) 555-1234', rules, 'US')).toMatchObject({ dialString: '+12125551234' });
    expect(planDial('(212) 555-1234', { ...rules, defaultCountry: 'RU' }, 'US')).toMatchObject({
      dialString: '+72125551234',
    });
    const home = dialRulesSettingsSchema.parse({ externalFormat: 'national-at-home' });
    expect(planDial('+49 30 12345678', home, 'DE')).toMatchObject({ dialString: '03012345678' });
  });
});

describe('the number of a click-to-call', () => {
  it('is PHONE_NUMBER_INTERNATIONAL when the portal sent one', () => {
    expect(
      clickToCallNumber(
        { phoneNumber: '030 12345678', phoneNumberInternational: '+493012345678' },
        rulesOf('RU'),
      ),
    ).toEqual({ kind: 'external', e164: '+493012345678' });
  });

  it('is PHONE_NUMBER read in the portal’s country when the international form is missing or not one', () => {
    expect(clickToCallNumber({ phoneNumber: '030 12345678' }, rulesOf('DE'))).toEqual({
      kind: 'external',
      e164: '+493012345678',
    });
    expect(
      clickToCallNumber(
        { phoneNumber: '030 12345678', phoneNumberInternational: '030 12345678' },
        rulesOf('RU'),
      ),
    ).toMatchObject({ kind: 'invalid', code: 'not-dialable' });
    expect(clickToCallNumber({ phoneNumber: '102', phoneNumberInternational: '' }, rulesOf('US'))).toEqual({
      kind: 'internal',
      extension: '102',
    });
  });
});
