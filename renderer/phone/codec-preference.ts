import type { CodecName } from '../../common/settings/phone-settings';

/**
 * Reorders the payload types of every audio m-line so the preferred codecs come first, in the
 * agent's order; the others keep their relative order after them. Applied to our offers and
 * answers (and to the remote offer before we answer it, which is how Chromium picks the codec it
 * answers with). Nothing is removed: a PBX that only speaks one codec still gets it.
 */
export function preferCodecs(sdp: string, preference: readonly CodecName[]): string {
  if (preference.length === 0) return sdp;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const wanted = preference.map((codec) => codec.toLowerCase());
  let section: number[] = [];
  const flush = () => {
    const mLine = section[0];
    if (mLine === undefined) return;
    const line = lines[mLine] ?? '';
    const match = /^m=audio (\S+) (\S+) (.*)$/.exec(line);
    if (!match) return;
    const payloadTypes = (match[3] ?? '').split(' ').filter(Boolean);
    const codecOf = new Map<string, string>();
    for (const index of section) {
      const rtpmap = /^a=rtpmap:(\d+) ([^/\s]+)/.exec(lines[index] ?? '');
      if (rtpmap?.[1] && rtpmap[2]) codecOf.set(rtpmap[1], rtpmap[2].toLowerCase());
    }
    // Static payload types may come without an rtpmap line.
    const codecName = (pt: string) =>
      codecOf.get(pt) ?? ({ '0': 'pcmu', '8': 'pcma', '9': 'g722' } as Record<string, string>)[pt];
    const rank = (pt: string) => {
      const position = wanted.indexOf(codecName(pt) ?? '');
      return position === -1 ? wanted.length : position;
    };
    const ordered = payloadTypes
      .map((pt, index) => ({ pt, index }))
      .sort((a, b) => rank(a.pt) - rank(b.pt) || a.index - b.index)
      .map((entry) => entry.pt);
    lines[mLine] = `m=audio ${match[1]} ${match[2]} ${ordered.join(' ')}`;
  };
  lines.forEach((line, index) => {
    if (line.startsWith('m=')) {
      flush();
      section = [index];
    } else if (section.length > 0) {
      section.push(index);
    }
  });
  flush();
  return lines.join(eol);
}

/** The negotiated direction of the first audio m-line of an SDP (sendrecv when none is written). */
export function audioDirection(sdp: string): 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' {
  const audio = sdp.split(/\r?\n(?=m=)/).find((section) => section.startsWith('m=audio'));
  const match = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(audio ?? sdp);
  return (match?.[1] as 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' | undefined) ?? 'sendrecv';
}

/** Audio codecs Chromium's WebRTC can talk (telephone-event, CN and RED carry no speech). */
const speechCodecs = new Set(['opus', 'pcma', 'pcmu', 'g722']);
const staticSpeech = new Set(['0', '8', '9']);

/**
 * Whether an offer has audio we can answer: an INVITE with only unknown codecs (or no audio at
 * all) is refused with 488 at once instead of ringing a call that cannot be answered. No offer
 * (offerless INVITE) is fine: we make the offer.
 */
export function offerHasUsableAudio(sdp: string | undefined): boolean {
  if (sdp === undefined || sdp.trim() === '') return true;
  const sections = sdp.split(/\r?\n(?=m=)/).filter((section) => section.startsWith('m=audio'));
  return sections.some((section) => {
    const payloadTypes = (/^m=audio \S+ \S+ ([^\r\n]*)/.exec(section)?.[1] ?? '').split(' ').filter(Boolean);
    const names = new Map<string, string>();
    for (const match of section.matchAll(/^a=rtpmap:(\d+) ([^/\s]+)/gm))
      if (match[1] && match[2]) names.set(match[1], match[2].toLowerCase());
    return payloadTypes.some(
      (pt) => speechCodecs.has(names.get(pt) ?? '') || (!names.has(pt) && staticSpeech.has(pt)),
    );
  });
}
