import type { URI } from 'sip.js';

/**
 * The Refer-To of an attended transfer: the target's address of record with the consultation's
 * dialog in Replaces (RFC 3891). sip.js would name the target's Contact (a random user behind the
 * PBX's alias) which a PBX routes nowhere; the AOR reaches the target through the dialplan, and
 * the target matches Replaces to the consultation call it has with us.
 */
export function referTarget(
  target: URI,
  replaces?: { callId: string; localTag: string; remoteTag: string },
): URI {
  if (!replaces) return target;
  // From the target's side of the consultation dialog: its tag is the to-tag, ours the from-tag.
  const value = encodeURIComponent(
    `${replaces.callId};to-tag=${replaces.remoteTag};from-tag=${replaces.localTag}`,
  );
  const text = `<${target.toString()}?Replaces=${value}>`;
  // sip.js writes Refer-To from `toString()` of a URI; this one carries the header, bracketed.
  const withReplaces = Object.create(target) as URI;
  Object.defineProperty(withReplaces, 'toString', { value: () => text });
  return withReplaces;
}
