/**
 * What we read from an incoming INVITE's headers, each value bounded and cleaned: a PBX (or an
 * attacker behind it) may send anything, and none of it may break a fact, the store or the UI.
 */

/** Reads all values of a header (case-insensitive name). */
export type HeaderReader = (name: string) => string[];

/** The PBX asked us to answer by ourselves, after `delaySeconds`. */
export interface AutoAnswerRequest {
  delaySeconds: number;
}

/**
 * The auto-answer conventions PBXs use (FreePBX/Asterisk paging, Polycom, Yealink, Snom, Cisco,
 * RFC 5373):
 *   Call-Info: <uri>;answer-after=0
 *   Alert-Info: <http://www.notused.com>;info=alert-autoanswer;delay=0   (also "Ring Answer", "Auto Answer")
 *   Alert-Info: <urn:alert:service:auto-answer>
 *   Answer-Mode: Auto
 */
export function autoAnswerRequest(headers: HeaderReader): AutoAnswerRequest | null {
  for (const value of headers('Call-Info')) {
    const match = /;\s*answer-after\s*=\s*(\d{1,3})/i.exec(value);
    if (match) return { delaySeconds: clampDelay(Number(match[1])) };
  }
  for (const value of headers('Alert-Info')) {
    if (/alert-autoanswer|auto[\s-]?answer|ring\s?answer|answer-after/i.test(value)) {
      const delay = /;\s*(?:delay|answer-after)\s*=\s*(\d{1,3})/i.exec(value);
      return { delaySeconds: clampDelay(delay ? Number(delay[1]) : 0) };
    }
  }
  for (const value of headers('Answer-Mode')) {
    if (/^\s*auto\b/i.test(value)) return { delaySeconds: 0 };
  }
  return null;
}

function clampDelay(seconds: number): number {
  return Number.isFinite(seconds) ? Math.min(30, Math.max(0, seconds)) : 0;
}

/**
 * The caller's number as facts and the UI carry it: printable, at most 64 characters. The
 * separators a SIP user part may hold (dashes, dots, brackets) stay, so the number reads as the
 * PBX wrote it; Bitrix24 gets it without them (numberForBitrix).
 */
export function callerNumber(user: string | undefined, displayName: string | undefined): string {
  const cleaned = (value: string | undefined) =>
    (value ?? '').replace(/[^0-9A-Za-z+*#._()-]/g, '').slice(0, 64);
  return cleaned(user) || cleaned(displayName) || 'anonymous';
}

/** A display name fit to show: no control characters, no quotes, at most 100 characters. */
export function displayName(value: string | undefined): string | undefined {
  const cleaned = withoutControlCharacters(value ?? '')
    .replace(/["<>]/g, '')
    .trim()
    .slice(0, 100);
  return cleaned || undefined;
}

/**
 * The PBX redirected the call to us (forwarded on no answer, busy, unconditionally): a Diversion
 * header (RFC 5806), or a History-Info entry that retargeted the call to another user - `mp`
 * (RFC 7044) or a forwarding `cause` (RFC 4458). History-Info with only `rc` entries is plain
 * routing (AOR to contact), not a redirect.
 */
export function redirectedCall(headers: HeaderReader): boolean {
  if (headers('Diversion').some((value) => value.trim() !== '')) return true;
  return headers('History-Info').some((value) => /[;?&](?:mp=|cause=)/i.test(value));
}

/**
 * The INVITE names who referred the caller to us (Referred-By, RFC 3892): a transfer sent this
 * call here, so the transferring agent's app may be handing its CALL_ID over.
 */
export function referredCall(headers: HeaderReader): boolean {
  return headers('Referred-By').some((value) => value.trim() !== '');
}

/** A configured header's value (PBX call id, called line), bounded; undefined when absent or empty. */
export function headerValue(
  headers: HeaderReader,
  name: string | undefined,
  maxLength: number,
): string | undefined {
  if (!name) return undefined;
  const value = withoutControlCharacters(headers(name)[0] ?? '')
    .trim()
    .slice(0, maxLength);
  return value || undefined;
}

function withoutControlCharacters(value: string): string {
  return [...value].filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f).join('');
}
