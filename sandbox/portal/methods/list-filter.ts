import type { ParamMap, ParamValue } from '../state/model';
import { phpString } from '../transport/php-params';

/**
 * Bitrix24 list filters: `{FIELD: value}` with optional prefixes `=`, `!`/`!=`, `>`, `>=`, `<`,
 * `<=`, `%` (substring), `!%`, `@` / `!@` (in a list). An array value means "any of". Booleans
 * compare as Y/N, so `ACTIVE: true` and `ACTIVE: "Y"` agree.
 */
export function matchesFilter(read: (field: string) => unknown, filter: ParamMap): boolean {
  return Object.entries(filter).every(([key, wanted]) => {
    const match = /^(>=|<=|!@|!%|!=|>|<|@|%|=|!)?(.+)$/.exec(key.trim());
    const operator = match?.[1] ?? '=';
    const field = (match?.[2] ?? key).toUpperCase();
    const actual = read(field);
    return compare(operator, actual, wanted);
  });
}

function normalise(value: unknown): string {
  if (value === true) return 'Y';
  if (value === false) return 'N';
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' && (value.toLowerCase() === 'true' || value.toLowerCase() === 'false')) {
    return value.toLowerCase() === 'true' ? 'Y' : 'N';
  }
  return typeof value === 'number'
    ? String(value)
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);
}

function wantedList(wanted: ParamValue): string[] {
  if (Array.isArray(wanted)) return wanted.map(normalise);
  if (wanted !== null && typeof wanted === 'object') return Object.values(wanted).map(normalise);
  return [normalise(wanted)];
}

function actualList(actual: unknown): string[] {
  return Array.isArray(actual) ? actual.map(normalise) : [normalise(actual)];
}

function compare(operator: string, actual: unknown, wanted: ParamValue): boolean {
  const values = actualList(actual);
  const wants = wantedList(wanted);
  const numeric = (text: string) => (text !== '' && Number.isFinite(Number(text)) ? Number(text) : null);
  const order = (a: string, b: string): number => {
    const x = numeric(a);
    const y = numeric(b);
    return x !== null && y !== null ? x - y : a.localeCompare(b);
  };
  const equal = (a: string, b: string) =>
    numeric(a) !== null && numeric(b) !== null ? numeric(a) === numeric(b) : a === b;
  switch (operator) {
    case '=':
    case '@':
      return values.some((value) => wants.some((want) => equal(value, want)));
    case '!':
    case '!=':
    case '!@':
      return !values.some((value) => wants.some((want) => equal(value, want)));
    case '%':
      return values.some((value) => wants.some((want) => value.toLowerCase().includes(want.toLowerCase())));
    case '!%':
      return !values.some((value) => wants.some((want) => value.toLowerCase().includes(want.toLowerCase())));
    case '>':
      return values.some((value) => wants.every((want) => order(value, want) > 0));
    case '>=':
      return values.some((value) => wants.every((want) => order(value, want) >= 0));
    case '<':
      return values.some((value) => wants.every((want) => order(value, want) < 0));
    case '<=':
      return values.some((value) => wants.every((want) => order(value, want) <= 0));
    default:
      return false;
  }
}

/** A filter parameter given as `FILTER`, `filter` or (the legacy form) as top-level fields. */
export function filterParam(params: ParamMap, reserved: readonly string[]): ParamMap {
  const given = params.FILTER ?? params.filter;
  if (given !== undefined) {
    return given !== null && typeof given === 'object' && !Array.isArray(given) ? given : {};
  }
  const legacy: ParamMap = {};
  for (const [key, value] of Object.entries(params)) {
    if (!reserved.includes(key.toLowerCase())) legacy[key] = value;
  }
  return legacy;
}

export function sortBy<T>(
  items: T[],
  read: (item: T, field: string) => unknown,
  field: string,
  order: string,
): T[] {
  const direction = order.toUpperCase() === 'DESC' ? -1 : 1;
  return [...items].sort((a, b) => {
    const x = read(a, field.toUpperCase());
    const y = read(b, field.toUpperCase());
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * direction;
    return (
      String(phpString(x as ParamValue) ?? '').localeCompare(String(phpString(y as ParamValue) ?? '')) *
      direction
    );
  });
}
