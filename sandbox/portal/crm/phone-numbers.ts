import type { CountryCode } from 'libphonenumber-js';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * How the portal compares phone numbers: both sides are read as E.164 with the portal's default
 * country, so `+7 (916) 123-45-67`, `8 916 123 45 67`, `79161234567` and `9161234567` are one
 * number in a Russian portal. What cannot be read as a valid number (an extension such as `101`)
 * is compared by its digits alone.
 */
export function phoneKey(raw: string, defaultCountry: string): string {
  const compact = raw.replace(/[^\d+]/g, '');
  const digits = compact.replace(/\D/g, '');
  if (!digits) return '';
  const country = defaultCountry.toUpperCase() as CountryCode;
  const candidates = compact.startsWith('+') ? [`+${digits}`] : [digits, `+${digits}`];
  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate, candidate.startsWith('+') ? undefined : country);
    if (parsed?.isValid()) return parsed.number;
  }
  return digits;
}

/** The international (E.164) form when the number is a valid one, else the number as written. */
export function internationalForm(raw: string, defaultCountry: string): string {
  const key = phoneKey(raw, defaultCountry);
  return key.startsWith('+') ? key : raw;
}

/**
 * Whether register accepts the number: digits with optional punctuation and a leading `+`.
 * Letters, `*`/`#` codes and empty numbers give "Unsupported phone number format".
 */
export function isSupportedPhoneNumber(raw: string): boolean {
  const compact = raw.trim().replace(/[\s\-().]/g, '');
  return /^\+?\d{1,20}$/.test(compact);
}
