/**
 * The `time` object of every successful answer. The SDK reads it on every call (it crashes
 * without it) and its operating limiter reads `operating` and `operating_reset_at`.
 */
export interface TimeEnvelope {
  start: number;
  finish: number;
  duration: number;
  processing: number;
  date_start: string;
  date_finish: string;
  operating_reset_at: number;
  operating: number;
}

/** `2026-03-10T11:19:38+03:00`: a moment written in the portal's time zone, as PHP's DATE_ATOM. */
export function isoWithOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

export function timeEnvelope(
  startMs: number,
  durationMs: number,
  offsetMinutes: number,
  operatingSec: number,
): TimeEnvelope {
  const finishMs = startMs + durationMs;
  return {
    start: startMs / 1000,
    finish: finishMs / 1000,
    duration: durationMs / 1000,
    processing: durationMs / 1000,
    date_start: isoWithOffset(startMs, offsetMinutes),
    date_finish: isoWithOffset(finishMs, offsetMinutes),
    operating_reset_at: Math.floor(startMs / 1000) + 600,
    operating: operatingSec,
  };
}
