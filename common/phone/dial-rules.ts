import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { DialRulesSettings } from '../settings/phone-settings';
import { classifyNumber, defaultNumberRules, type InvalidNumberCode, type NumberRules } from './phone-number';

/**
 * From what the agent typed (or a link carried) to what the INVITE asks for. Built on
 * classifyNumber - the one set of number rules - so the phone never dials what it would not
 * register in Bitrix24; this module only adds how the PBX wants the number written.
 */

/** What to dial, or why not. `number` is what the call is known by (E.164 or the extension);
 * `dialString` is the user part of the INVITE's Request-URI. */
export type DialPlan =
  | { kind: 'dial'; dialString: string; number: string; internal: boolean }
  | { kind: 'invalid'; code: InvalidNumberCode; reason: string };

/**
 * The one country numbers without a country code are read in: the agent's setting when they made
 * one, else the portal's (the relay's configuration for the portal, delivered to the app when it
 * connects), else Russia's, the default before either is known.
 */
export function countryOfNumbers(agentCountry: CountryCode | '', portalCountry?: string): CountryCode {
  if (agentCountry !== '') return agentCountry;
  if (portalCountry !== undefined && isSupportedCountry(portalCountry)) return portalCountry;
  return defaultNumberRules.defaultCountry;
}

/** The classification rules these dial rules imply (the country, the extension length). */
export function numberRulesOf(rules: DialRulesSettings, portalCountry?: string): NumberRules {
  return {
    defaultCountry: countryOfNumbers(rules.defaultCountry, portalCountry),
    internalPattern: new RegExp(`^\\d{2,${rules.internalMaxDigits}}$`),
  };
}

/** `portalCountry`: the portal's country, read when the agent's setting names none. */
export function planDial(raw: string, rules: DialRulesSettings, portalCountry?: string): DialPlan {
  const numberRules = numberRulesOf(rules, portalCountry);
  const classified = classifyNumber(raw, numberRules);
  switch (classified.kind) {
    case 'invalid':
      return { kind: 'invalid', code: classified.code, reason: classified.reason };
    case 'internal':
      return { kind: 'dial', dialString: classified.extension, number: classified.extension, internal: true };
    case 'external':
      return {
        kind: 'dial',
        dialString:
          rules.outsideLinePrefix + externalDigits(classified.e164, rules, numberRules.defaultCountry),
        number: classified.e164,
        internal: false,
      };
  }
}

/** An E.164 number written the way the PBX wants it (without the outside line prefix). */
function externalDigits(e164: string, rules: DialRulesSettings, home: CountryCode): string {
  const international = `${rules.internationalPrefix}${e164.slice(1)}`;
  switch (rules.externalFormat) {
    case 'e164':
      return e164;
    case 'international-prefix':
      return international;
    case 'national-at-home': {
      const parsed = parsePhoneNumberFromString(e164);
      if (parsed?.country !== home) return international;
      return parsed.formatNational().replace(/[^0-9]/g, '');
    }
  }
}
