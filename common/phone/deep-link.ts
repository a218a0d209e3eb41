import type { PhoneCommand } from './phone-command';
import { classifyNumber, compactNumber } from './phone-number';

/**
 * tel:, callto: and sip: links, from a browser, the CRM or another application, arrive as
 * untrusted text (argv on Windows and Linux, 'open-url' on macOS). Only a link whose target is a
 * plain number that common/phone/phone-number.ts accepts becomes a `dial-link` command, which the
 * phone dials only once the agent confirms it (common/phone/link-dial.ts); the number is that
 * module's normalised number, never a piece of the link. An international number becomes E.164
 * here; a national number or an extension stays as its digits, since only the phone knows the
 * portal's country that reads them (`030 123456` is Berlin for a German portal).
 */
export const deepLinkSchemes = ['tel', 'callto', 'sip'] as const;

export type DeepLinkOutcome =
  | { kind: 'offer'; command: Extract<PhoneCommand, { kind: 'dial-link' }> }
  | { kind: 'refused'; reason: string };

/** Longer than any real phone link; refused before any parsing so a huge argument costs nothing. */
const maxLinkLength = 256;
const schemePattern = /^(tel|callto|sip):/i;

/** True when an argument looks like one of our links (the first step of picking it out of argv). */
export function isDeepLink(argument: string): boolean {
  return schemePattern.test(argument);
}

export function parseDeepLink(link: string): DeepLinkOutcome {
  if (link.length > maxLinkLength) return refused('The link is too long');
  const match = schemePattern.exec(link);
  if (!match?.[1]) return refused('Not a tel:, callto: or sip: link');
  const scheme = match[1].toLowerCase();
  const body = link.slice(match[0].length);
  const target = scheme === 'sip' ? sipUser(body) : telTarget(body);
  if (target.kind === 'refused') return target;
  const compact = compactNumber(target.value);
  if (compact.kind === 'invalid') return refused(compact.reason);
  if (!compact.international) return offer(compact.digits);
  const classified = classifyNumber(`+${compact.digits}`);
  return classified.kind === 'external'
    ? offer(classified.e164)
    : refused('This is not a dialable phone number');
}

function offer(number: string): DeepLinkOutcome {
  return { kind: 'offer', command: { kind: 'dial-link', number } };
}

/**
 * The first of our links among a process's arguments: what a second launch (or the first, when
 * the OS started us for a link) was asked to open. Chromium switches and paths are ignored.
 */
export function deepLinkInArgv(argv: readonly string[]): string | null {
  return argv.find(isDeepLink) ?? null;
}

type Target = { kind: 'target'; value: string } | { kind: 'refused'; reason: string };

/** tel:+7-495-..., tel://..., callto://+7...: the number and nothing after it. */
function telTarget(body: string): Target {
  const withoutSlashes = body.startsWith('//') ? body.slice(2) : body;
  // Windows hands `callto://123` over as `callto://123/`.
  const trimmed = withoutSlashes.endsWith('/') ? withoutSlashes.slice(0, -1) : withoutSlashes;
  const decoded = percentDecoded(trimmed);
  if (decoded === null) return refused('The link is not correctly encoded');
  // Parameters (;ext=, ;phone-context=), queries and fragments are not dialled: refusing them is
  // clearer to the agent than dialling half of what the link meant.
  if (/[;?#&=@/]/.test(decoded)) return refused('The link carries more than a phone number');
  return { kind: 'target', value: decoded };
}

/**
 * sip:USER@HOST: the user part only. The host is ignored on purpose: we always dial through the
 * agent's own PBX, so a link can never make the app contact a server the agent did not configure.
 */
function sipUser(body: string): Target {
  const user = body.split('@', 1)[0] ?? '';
  const decoded = percentDecoded(user);
  if (decoded === null) return refused('The link is not correctly encoded');
  if (/[;?#&=:/]/.test(decoded)) return refused('The link carries more than a phone number');
  return { kind: 'target', value: decoded };
}

function percentDecoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function refused(reason: string): { kind: 'refused'; reason: string } {
  return { kind: 'refused', reason };
}
