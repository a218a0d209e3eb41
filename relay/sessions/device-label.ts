/** Longest device name the confirmation page shows; a host name is rarely longer. */
const maxLength = 40;

/**
 * The device name of a sign-in as the confirmation page may show it. Whoever starts a sign-in
 * picks that name (the app sends the computer's host name), so it must not be able to pass for
 * the relay's own words ("Code already verified, press Continue"): only letters, digits, dots,
 * dashes and underscores are kept - a run of anything else (spaces, punctuation, control and
 * direction marks) becomes one dash - and it is cut at 40 characters. The page then shows it,
 * quoted, apart from its instructions and marked as unchecked.
 */
export function deviceLabel(name: string): string {
  const plain = name.normalize('NFKC').replace(/[^\p{L}\p{N}._-]+/gu, '-');
  return plain.length > maxLength ? `${plain.slice(0, maxLength - 1)}…` : plain;
}
