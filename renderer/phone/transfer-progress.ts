/**
 * The progress of a transfer we asked for, as the transferee reports it in the NOTIFYs of the
 * REFER (RFC 3515): a `message/sipfrag` body with the status line of its INVITE to the target.
 */
export type TransferProgress =
  { kind: 'trying' } | { kind: 'succeeded' } | { kind: 'failed'; sipCode: number; reasonPhrase: string };

export function transferProgress(body: string | undefined): TransferProgress {
  const match = /^SIP\/2\.0\s+(\d{3})\s*([^\r\n]*)/.exec((body ?? '').trim());
  if (!match) return { kind: 'trying' };
  const code = Number(match[1]);
  if (code < 200) return { kind: 'trying' };
  if (code < 300) return { kind: 'succeeded' };
  return { kind: 'failed', sipCode: code, reasonPhrase: (match[2] ?? '').slice(0, 100) };
}
