import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Phone number rules shared by everything that reads or dials a number: the dialpad, deep links
 * (tel:/callto:/sip:), click-to-call commands and the PHONE_NUMBER we send to Bitrix24.
 * One module so that the app never dials what it would not register, and vice versa.
 */
export interface NumberRules {
  /** ISO country for numbers written without an international prefix (e.g. 'RU': 8 916 ... -> +7916...). */
  defaultCountry: CountryCode;
  /** What an internal extension looks like; internal numbers are dialled as is and never create CRM entities. */
  internalPattern: RegExp;
}

export const defaultNumberRules: NumberRules = { defaultCountry: 'RU', internalPattern: /^\d{2,6}$/ };

/** Why a number was refused, for callers that phrase the message themselves (the dialpad). */
export const invalidNumberCodes = ['empty', 'characters', 'too-long', 'not-dialable'] as const;
export type InvalidNumberCode = (typeof invalidNumberCodes)[number];

export type ClassifiedNumber =
  | { kind: 'external'; e164: string }
  | { kind: 'internal'; extension: string }
  | { kind: 'invalid'; reason: string; code: InvalidNumberCode };

/** Separators people and CRMs write inside numbers; everything else that is not a digit is refused. */
const separators = /[\s\-().\u00a0]/g;
/** E.164 allows 15 digits; a few more leave room for a dial prefix, never for an injected payload. */
const maxDigits = 18;

/** A number reduced to its digits, before any country's rules read it. */
export type CompactNumber =
  | { kind: 'number'; digits: string; international: boolean }
  | { kind: 'invalid'; reason: string; code: InvalidNumberCode };

/**
 * The checks that need no country: only ASCII digits, one leading '+' (or '00' for it) and common
 * separators are accepted; look-alike Unicode digits, letters, SIP parameters or anything longer
 * than a phone number is `invalid` with a reason the agent can read.
 */
export function compactNumber(raw: string): CompactNumber {
  const compact = raw.trim().replace(separators, '');
  if (compact === '') return { kind: 'invalid', reason: 'The number is empty', code: 'empty' };
  const international = compact.startsWith('+') || compact.startsWith('00');
  const digits = compact.startsWith('+')
    ? compact.slice(1)
    : compact.startsWith('00')
      ? compact.slice(2)
      : compact;
  if (!/^[0-9]+$/.test(digits))
    return {
      kind: 'invalid',
      reason: 'A number may contain only digits, spaces, dashes, brackets and a leading +',
      code: 'characters',
    };
  if (digits.length > maxDigits)
    return { kind: 'invalid', reason: 'The number is too long', code: 'too-long' };
  return { kind: 'number', digits, international };
}

/**
 * Classifies what a person typed or a link carried: the country-free checks of `compactNumber`,
 * then an internal extension, or a number read with the rules' country.
 */
export function classifyNumber(raw: string, rules: NumberRules = defaultNumberRules): ClassifiedNumber {
  const compact = compactNumber(raw);
  if (compact.kind === 'invalid') return compact;
  const { digits, international } = compact;
  if (!international && rules.internalPattern.test(digits)) return { kind: 'internal', extension: digits };
  const parsed = international
    ? parsePhoneNumberFromString(`+${digits}`)
    : parsePhoneNumberFromString(digits, rules.defaultCountry);
  if (!parsed?.isPossible())
    return { kind: 'invalid', reason: 'This is not a dialable phone number', code: 'not-dialable' };
  return { kind: 'external', e164: parsed.number };
}

/**
 * The number to report to Bitrix24 for a caller or callee: E.164 when it parses, so the CRM
 * matches it whatever way it was written; otherwise the digits as received (Bitrix24 still
 * logs the call, and nothing is lost).
 */
export function numberForBitrix(raw: string, rules: NumberRules = defaultNumberRules): string {
  const classified = classifyNumber(raw, rules);
  if (classified.kind === 'external') return classified.e164;
  if (classified.kind === 'internal') return classified.extension;
  const fallback = raw.replace(/[^0-9+]/g, '');
  return fallback === '' ? raw.trim() : fallback;
}
