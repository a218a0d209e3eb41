import { describe, expect, it } from 'vitest';
import { planDial } from '../../../common/phone/dial-rules';
import { dialRulesSettingsSchema } from '../../../common/settings/phone-settings';

const rules = (overrides: Record<string, unknown> = {}) => dialRulesSettingsSchema.parse(overrides);

describe('planDial', () => {
  it('dials external numbers as E.164 by default, whatever way they were typed', () => {
    expect(planDial('8 (916) 123-45-67', rules())).toEqual({
      kind: 'dial',
      dialString: '+79161234567',
      number: '+79161234567',
      internal: false,
    });
  });

  it('dials an extension as is, without the outside line prefix', () => {
    expect(planDial('102', rules({ outsideLinePrefix: '9' }))).toEqual({
      kind: 'dial',
      dialString: '102',
      number: '102',
      internal: true,
    });
  });

  it('puts the outside line prefix before external numbers', () => {
    expect(planDial('+12025550123', rules({ outsideLinePrefix: '9' }))).toMatchObject({
      dialString: '9+12025550123',
      number: '+12025550123',
    });
  });

  it('writes the international prefix instead of + when the PBX wants it', () => {
    expect(planDial('+7 916 123 45 67', rules({ externalFormat: 'international-prefix' }))).toMatchObject({
      dialString: '0079161234567',
    });
    expect(
      planDial(
        '+7 916 123 45 67',
        rules({ externalFormat: 'international-prefix', internationalPrefix: '810' }),
      ),
    ).toMatchObject({ dialString: '81079161234567' });
  });

  it('writes numbers of the home country in national form, others internationally', () => {
    const home = rules({ externalFormat: 'national-at-home', defaultCountry: 'DE' });
    expect(planDial('+49 30 12345678', home)).toMatchObject({
      dialString: '03012345678',
      number: '+493012345678',
    });
    expect(planDial('+1 202 555 0123', home)).toMatchObject({ dialString: '0012025550123' });
  });

  it('reads national numbers in the configured country', () => {
    expect(planDial('030 12345678', rules({ defaultCountry: 'DE' }))).toMatchObject({
      number: '+493012345678',
    });
  });

  it('honours the longest extension length', () => {
    expect(planDial('1234', rules({ internalMaxDigits: 3 })).kind).toBe('invalid');
    expect(planDial('123', rules({ internalMaxDigits: 3 }))).toMatchObject({ internal: true });
  });

  it.each([
    ['', 'empty'],
    ['+7916;transport=tcp', 'characters'],
    ['sip:evil@example.com', 'characters'],
    ['1'.repeat(30), 'too-long'],
    ['+7 916', 'not-dialable'],
  ])('refuses %j before anything is dialled (%s)', (raw, code) => {
    expect(planDial(raw, rules())).toMatchObject({ kind: 'invalid', code });
  });
});
