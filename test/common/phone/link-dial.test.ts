import { describe, expect, it } from 'vitest';
import { linkDialNeedsConfirmation, linkNumberShown } from '../../../common/phone/link-dial';
import { defaultPhoneSettings } from '../../../common/settings/phone-settings';

const asking = defaultPhoneSettings;
const atOnce = { ...defaultPhoneSettings, dialLinksAtOnce: true };

describe('which numbers from links wait for the agent', () => {
  it('every link asks unless the agent chose otherwise', () => {
    for (const number of ['101', '+74951234567', '+4930123456'])
      expect(linkDialNeedsConfirmation(number, asking)).toBe(true);
  });

  it.each(['112', '911', '999', '102', '000'])('emergency number %s always asks', (number) => {
    expect(linkDialNeedsConfirmation(number, atOnce)).toBe(true);
  });

  it.each(['+78091234567', '+19005551234', '+449098790000', '88091234567'])(
    'premium rate %s always asks',
    (number) => {
      expect(linkDialNeedsConfirmation(number, atOnce)).toBe(true);
    },
  );

  it('numbers abroad, or longer than the agent extensions, ask', () => {
    expect(linkDialNeedsConfirmation('+4930123456', atOnce)).toBe(true);
    const shortExtensions = { ...atOnce, dialRules: { ...atOnce.dialRules, internalMaxDigits: 3 } };
    expect(linkDialNeedsConfirmation('2345', shortExtensions)).toBe(true);
  });

  it('the agent extensions and numbers of their country dial at once when allowed', () => {
    expect(linkDialNeedsConfirmation('2345', atOnce)).toBe(false);
    expect(linkDialNeedsConfirmation('+74951234567', atOnce)).toBe(false);
    expect(linkDialNeedsConfirmation('+79161234567', atOnce)).toBe(false);
    const german = { ...atOnce, dialRules: { ...atOnce.dialRules, defaultCountry: 'DE' as const } };
    expect(linkDialNeedsConfirmation('+4930123456', german)).toBe(false);
    expect(linkDialNeedsConfirmation('+74951234567', german)).toBe(true);
  });

  it('the country is the portal’s when the agent names none, and the agent’s own when they do', () => {
    expect(linkDialNeedsConfirmation('+4930123456', atOnce, 'DE')).toBe(false);
    expect(linkDialNeedsConfirmation('+74951234567', atOnce, 'DE')).toBe(true);
    expect(linkDialNeedsConfirmation('030123456', atOnce, 'DE')).toBe(false);
    const russian = { ...atOnce, dialRules: { ...atOnce.dialRules, defaultCountry: 'RU' as const } };
    expect(linkDialNeedsConfirmation('+4930123456', russian, 'DE')).toBe(true);
  });

  it('a national number of a link reads with the portal’s country; what no country reads stays as written', () => {
    expect(linkNumberShown('84951234567', asking)).toBe('+74951234567');
    expect(linkNumberShown('030123456', asking, 'DE')).toBe('+4930123456');
    expect(linkNumberShown('101', asking, 'DE')).toBe('101');
    expect(linkNumberShown('0000000000000', asking, 'DE')).toBe('0000000000000');
  });
});
