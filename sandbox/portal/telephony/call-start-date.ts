/**
 * CALL_START_DATE must be ISO-8601 with an offset (`2026-03-07T10:20:30+03:00`). Without one the
 * portal either refuses it or reads it in its own time zone (`callStartDateWithoutOffset`).
 * Returns epoch milliseconds, or null when the text is not an accepted date.
 */
export function parseCallStartDate(
  text: string,
  withoutOffset: 'reject' | 'portal-time',
  portalOffsetMinutes: number,
): number | null {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
      text.trim(),
    );
  if (!match) return null;
  const [, year, month, day, hour, minute, second = '0', fraction = '0', zone] = match;
  const values = [year, month, day, hour, minute].map(Number);
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0] = values;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || Number(second) > 59) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, Number(second), Math.round(Number(`0.${fraction}`) * 1000));
  const check = new Date(utc);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  let offsetMinutes: number;
  if (zone === undefined) {
    if (withoutOffset === 'reject') return null;
    offsetMinutes = portalOffsetMinutes;
  } else if (zone === 'Z') {
    offsetMinutes = 0;
  } else {
    const digits = zone.replace(':', '');
    const sign = digits.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return utc - offsetMinutes * 60_000;
}
