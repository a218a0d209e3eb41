/**
 * One command of a Bitrix24 `batch` request: `method?query`, the query written the way PHP's
 * http_build_query writes it (`USER_ID[0]=1&fields[PHONE][0][VALUE]=...`), which is how the
 * portal parses it. A value may be a reference to an earlier command's result,
 * `$result[key][FIELD]` (see resultReference), which the portal substitutes before running it.
 */
export function batchCommand(method: string, params: Readonly<Record<string, unknown>>): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(params)) appendPairs(pairs, key, value);
  return pairs.length === 0 ? method : `${method}?${pairs.join('&')}`;
}

/** A reference to the field of an earlier command's result in the same batch. */
export function resultReference(commandKey: string, field: string): string {
  return `$result[${commandKey}][${field}]`;
}

function appendPairs(pairs: string[], key: string, value: unknown): void {
  if (value === undefined) return;
  if (value === null) {
    pairs.push(`${encodeURIComponent(key)}=`);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => appendPairs(pairs, `${key}[${index}]`, item));
  } else if (typeof value === 'object') {
    for (const [sub, item] of Object.entries(value)) appendPairs(pairs, `${key}[${sub}]`, item);
  } else if (typeof value === 'boolean') {
    pairs.push(`${encodeURIComponent(key)}=${value ? 1 : 0}`);
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
    pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  } else {
    throw new TypeError(`A batch command cannot carry a ${typeof value} (${key})`);
  }
}
