import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PhoneSettings } from '../settings/phone-settings';
import { classifyNumber } from './phone-number';
import { numberRulesOf } from './dial-rules';

/**
 * Whether a number that came from a tel:/callto:/sip: link (a `dial-link` command) must wait for
 * the agent's confirmation. Any web page can open such a link, so by default every one asks. The
 * agent may let links through at once (`phone.dialLinksAtOnce`), but only to numbers their own dial
 * rules know as theirs: an internal extension or a number of their country (their own setting, else
 * `portalCountry`, as dialling reads it). Emergency numbers and premium-rate numbers always ask.
 */
export function linkDialNeedsConfirmation(
  number: string,
  settings: Pick<PhoneSettings, 'dialLinksAtOnce' | 'dialRules'>,
  portalCountry?: string,
): boolean {
  if (!settings.dialLinksAtOnce || isEmergencyNumber(number)) return true;
  const rules = numberRulesOf(settings.dialRules, portalCountry);
  const classified = classifyNumber(number, rules);
  if (classified.kind === 'internal') return false;
  if (classified.kind === 'invalid') return true;
  // Numbers the called party charges extra for (+7 809, +1 900, +44 909), by libphonenumber's full metadata.
  const parsed = parsePhoneNumberFromString(classified.e164);
  return parsed?.getType() === 'PREMIUM_RATE' || parsed?.country !== rules.defaultCountry;
}

/**
 * A link's number as the agent is asked about it and the phone dials it: E.164 when the agent's
 * country (else `portalCountry`) reads it so - a link's national number is only digits until then -
 * otherwise as the link wrote it, which dialling refuses with its reason.
 */
export function linkNumberShown(
  number: string,
  settings: Pick<PhoneSettings, 'dialRules'>,
  portalCountry?: string,
): string {
  const classified = classifyNumber(number, numberRulesOf(settings.dialRules, portalCountry));
  return classified.kind === 'external' ? classified.e164 : number;
}

/**
 * Short numbers that reach emergency services in the countries the app is used in (112 across
 * Europe and on mobiles everywhere, 911, 999, 000, Russia's 101-104, Germany's 110...). They look
 * like internal extensions, and some PBXs route them out: a link to one always asks, even where it
 * is also an extension, since asking costs the agent one key press.
 */
const emergencyNumbers = new Set(
  '01 02 03 04 08 15 17 18 100 101 102 103 104 110 112 113 118 119 122 911 995 997 999 000'.split(' '),
);

function isEmergencyNumber(number: string): boolean {
  return emergencyNumbers.has(number);
}
