/**
 * ISO-8601 with the local UTC offset (`2026-11-21T09:15:02+03:00`), as Bitrix24 needs for
 * CALL_START_DATE: without an offset the portal reads the time in its own zone and the CRM shows
 * the wrong hour (docs/bitrix24-contract.md#field-failures, 6).
 *
 * `offsetMinutes` is east of UTC (Moscow +180); by default the zone of the machine at that moment.
 */
export function isoWithOffset(
  epochMs: number,
  offsetMinutes = -new Date(epochMs).getTimezoneOffset(),
): string {
  const local = new Date(epochMs + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const pad = (value: number) => String(value).padStart(2, '0');
  const offset = `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
  return `${local.toISOString().slice(0, 19)}${offset}`;
}
