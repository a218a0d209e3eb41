import { readFileSync } from 'node:fs';

/** One SIP message sipp sent or received, read from its `-trace_msg` message file. */
export interface SipMessage {
  /** When sipp sent or received it: milliseconds since the epoch, microsecond precision. */
  at: number;
  direction: 'sent' | 'received';
  /** The request method, or undefined for a response. */
  method?: string;
  /** The response status, or undefined for a request. */
  status?: number;
  /** The method in CSeq (for a response: the request it answers). */
  cseqMethod: string;
  callId: string;
  /** The whole message as it went over the wire. */
  text: string;
}

/** The moments of one call that tests measure, as sipp saw them (epoch ms). */
export interface CallTimeline {
  inviteAt?: number;
  /** First provisional response to the INVITE (100 Trying excluded). */
  ringingAt?: number;
  /** Final response to the INVITE (sent by a UAS, received by a UAC). */
  final?: { status: number; at: number };
  /** First BYE of the dialog and who sent it, from sipp's point of view. */
  bye?: { at: number; direction: 'sent' | 'received' };
  /** Answer to BYE, in ms; undefined when the call was not answered or did not end with a BYE. */
  talkMs?: number;
}

// sipp 3.6: "----------------------------------------------- 2025-01-31 12:34:56.123456\n"
//           "UDP message sent (123 bytes):\n\n<message>\n"  or  "UDP message received [123] bytes :\n\n<message>\n"
const ENTRY =
  /^-{47} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.(\d{6})\n\w+ (?:control )?message (sent|received)[^\n]*\n\n/gm;

/** Parses a sipp message file; a missing file reads as no messages (sipp had sent nothing yet). */
export function readMessageTrace(file: string): SipMessage[] {
  let trace: string;
  try {
    trace = readFileSync(file, 'latin1');
  } catch {
    return [];
  }
  const starts = [...trace.matchAll(ENTRY)];
  return starts.map((entry, index) => {
    const textStart = (entry.index ?? 0) + entry[0].length;
    const next = starts[index + 1];
    const text = trace.slice(textStart, next?.index ?? trace.length).trimEnd();
    // sipp writes local time; without a zone suffix, Date parses it as local time too.
    const at = new Date(`${(entry[1] ?? '').replace(' ', 'T')}`).getTime() + Number(entry[2]) / 1000;
    return { at, direction: entry[3] === 'sent' ? 'sent' : 'received', ...parseMessage(text) };
  });
}

function parseMessage(text: string): Omit<SipMessage, 'at' | 'direction'> {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const response = /^SIP\/2\.0 (\d{3})/.exec(firstLine);
  const cseq = /^CSeq:\s*\d+\s+(\S+)/im.exec(text);
  const callId = /^(?:Call-ID|i):\s*(\S+)/im.exec(text);
  return {
    ...(response ? { status: Number(response[1]) } : { method: firstLine.split(' ', 1)[0] ?? '' }),
    cseqMethod: cseq?.[1] ?? '',
    callId: callId?.[1] ?? '',
    text,
  };
}

/** The value of the first header `name` in a message, or undefined. */
export function headerOf(message: SipMessage, name: string): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}:[ \\t]*(.*?)\\r?$`, 'im').exec(message.text)?.[1];
}

/** The timeline of the first call in `messages` (sipp runs one call per UAC process). */
export function timelineOf(messages: readonly SipMessage[]): CallTimeline {
  const invite = messages.find((message) => message.method === 'INVITE');
  if (!invite) return {};
  const dialog = messages.filter((message) => message.callId === invite.callId);
  const inviteResponses = dialog.filter((message) => message.cseqMethod === 'INVITE' && message.status);
  const ringing = inviteResponses.find(
    (message) => (message.status ?? 0) > 100 && (message.status ?? 0) < 200,
  );
  const final = inviteResponses.find((message) => (message.status ?? 0) >= 200);
  const bye = dialog.find((message) => message.method === 'BYE');
  const timeline: CallTimeline = { inviteAt: invite.at };
  if (ringing) timeline.ringingAt = ringing.at;
  if (final?.status) timeline.final = { status: final.status, at: final.at };
  if (bye) timeline.bye = { at: bye.at, direction: bye.direction };
  if (final?.status === 200 && bye) timeline.talkMs = bye.at - final.at;
  return timeline;
}
