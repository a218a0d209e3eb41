/** DTMF digits as both RFC 4733 and SIP INFO know them. */
export const dtmfDigits = '0123456789*#ABCD';

/** The digits of `input` that are DTMF, upper-cased; anything else is dropped. */
export function dtmfOf(input: string): string {
  return [...input.toUpperCase()].filter((char) => dtmfDigits.includes(char)).join('');
}

/** Tone length and the gap between tones, ms (RFC 4733 senders use 40-200 ms tones). */
export const dtmfToneMs = 160;
export const dtmfGapMs = 80;

/** How long tones wait for the RFC 4733 sender after the answer before SIP INFO carries them
 * (ICE and DTLS on a loaded machine take a few hundred ms), and how often it is looked at: the
 * sender has no event for it. */
export const dtmfSenderWaitMs = 5_000;
export const dtmfSenderPollMs = 50;

/** The body of a SIP INFO carrying one digit (application/dtmf-relay, as Asterisk and most PBXs read it). */
export function dtmfInfoBody(digit: string): string {
  return `Signal=${digit}\r\nDuration=${dtmfToneMs}\r\n`;
}
