import type { ParamMap, ParamValue } from '../state/model';

/**
 * Parameters the way PHP builds $_GET / $_POST on the portal: `USER_ID[0]=1`, `fields[PHONE][0][VALUE]=x`,
 * `a[]=1&a[]=2`, dots and spaces in the base name turned into underscores, last assignment wins,
 * lenient percent-decoding. Maps whose keys are exactly 0..n-1 come out as arrays, as json_encode
 * would print them.
 */

type Tree = { [key: string]: Tree | string };

/** Percent-decoding as PHP's urldecode does it: `+` is a space, a malformed `%` stays literal. */
export function phpUrlDecode(text: string): string {
  const bytes: number[] = [];
  const source = Buffer.from(text.replace(/\+/g, ' '), 'utf8');
  for (let index = 0; index < source.length; index += 1) {
    const byte = source[index] ?? 0;
    if (byte === 0x25 && index + 2 < source.length && isHex(source[index + 1]) && isHex(source[index + 2])) {
      bytes.push(Number.parseInt(String.fromCharCode(source[index + 1] ?? 0, source[index + 2] ?? 0), 16));
      index += 2;
    } else {
      bytes.push(byte);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function isHex(byte: number | undefined): boolean {
  if (byte === undefined) return false;
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

/** Splits `name[a][b][]` into the base name and its bracket segments, PHP style. */
export function splitPhpKey(rawName: string): { base: string; path: string[] } | null {
  const name = rawName.replace(/^ +/, '');
  const open = name.indexOf('[');
  if (open < 0) {
    const base = name.replace(/[ .]/g, '_');
    return base ? { base, path: [] } : null;
  }
  const close = name.indexOf(']', open);
  if (close < 0) {
    // An unmatched bracket: PHP turns the first '[' into '_' and keeps the rest literally.
    const base = `${name.slice(0, open).replace(/[ .]/g, '_')}_${name.slice(open + 1)}`;
    return { base, path: [] };
  }
  const base = name.slice(0, open).replace(/[ .]/g, '_');
  if (!base) return null;
  const path: string[] = [];
  let rest = name.slice(open);
  while (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    if (end < 0) break;
    path.push(rest.slice(1, end));
    rest = rest.slice(end + 1);
  }
  return { base, path };
}

function nextIndex(tree: Tree): string {
  let max = -1;
  for (const key of Object.keys(tree)) {
    if (/^(0|[1-9]\d*)$/.test(key)) max = Math.max(max, Number(key));
  }
  return String(max + 1);
}

function isTree(value: Tree | string | undefined): value is Tree {
  return typeof value === 'object' && value !== null;
}

function assign(tree: Tree, rawName: string, value: string): void {
  const parsed = splitPhpKey(rawName);
  if (!parsed) return;
  const keys = [parsed.base, ...parsed.path];
  if (keys.includes('__proto__')) return;
  let node = tree;
  for (let depth = 0; depth < keys.length - 1; depth += 1) {
    const key = depth === 0 ? parsed.base : (keys[depth] ?? '');
    const resolved = key === '' ? nextIndex(node) : key;
    const child = node[resolved];
    if (isTree(child)) {
      node = child;
    } else {
      const created: Tree = Object.create(null) as Tree;
      node[resolved] = created;
      node = created;
    }
  }
  const last = keys.length === 1 ? parsed.base : (keys[keys.length - 1] ?? '');
  node[last === '' ? nextIndex(node) : last] = value;
}

/** Turns the parse tree into parameters: sequential maps become lists, as PHP's json_encode prints them. */
export function treeToParams(tree: Tree): ParamMap {
  const result: ParamMap = {};
  for (const [key, value] of Object.entries(tree)) result[key] = toValue(value);
  return result;
}

function toValue(value: Tree | string): ParamValue {
  if (typeof value === 'string') return value;
  const keys = Object.keys(value);
  if (keys.length > 0 && keys.every((key, index) => key === String(index))) {
    return keys.map((key) => toValue(value[key] ?? ''));
  }
  return treeToParams(value);
}

/** Collects `name=value` pairs (already decoded) into PHP-shaped parameters. */
export class PhpParamBuilder {
  readonly #tree: Tree = Object.create(null) as Tree;

  add(name: string, value: string): this {
    assign(this.#tree, name, value);
    return this;
  }

  addQuery(query: string): this {
    for (const pair of query.split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      const name = phpUrlDecode(eq >= 0 ? pair.slice(0, eq) : pair);
      const value = phpUrlDecode(eq >= 0 ? pair.slice(eq + 1) : '');
      this.add(name, value);
    }
    return this;
  }

  build(): ParamMap {
    return treeToParams(this.#tree);
  }
}

export function parsePhpQuery(query: string): ParamMap {
  return new PhpParamBuilder().addQuery(query).build();
}

/**
 * Encodes nested fields like PHP's http_build_query: `data[CALL_ID]=...`, with the brackets
 * percent-encoded (`percent`, what PHP does) or left raw. Every scalar is sent as a string.
 */
export function buildPhpQuery(fields: ParamMap, brackets: 'percent' | 'raw' = 'percent'): string {
  const pairs: string[] = [];
  const open = brackets === 'percent' ? '%5B' : '[';
  const close = brackets === 'percent' ? '%5D' : ']';
  const walk = (prefix: string, value: ParamValue): void => {
    if (value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(`${prefix}${open}${index}${close}`, item));
      return;
    }
    if (typeof value === 'object') {
      for (const [key, item] of Object.entries(value))
        walk(`${prefix}${open}${encodeURIComponent(key)}${close}`, item);
      return;
    }
    const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
    pairs.push(`${prefix}=${encodeURIComponent(text).replace(/%20/g, '+')}`);
  };
  for (const [key, value] of Object.entries(fields)) walk(encodeURIComponent(key), value);
  return pairs.join('&');
}

/** Scalar parameter values as PHP would hold them in $_REQUEST (JSON numbers and booleans stringified). */
export function phpString(value: ParamValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '';
  return undefined;
}

/** PHP's (bool) cast: "", "0", 0, false and null are false; everything else (even "false", "N") is true. */
export function phpBool(value: ParamValue | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value === null || value === false || value === 0 || value === '' || value === '0') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** PHP's (int) cast of a parameter: leading integer digits of a string, 0 otherwise. */
export function phpInt(value: ParamValue | undefined): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return 0;
  const match = /^\s*[+-]?\d+/.exec(value);
  return match ? Number.parseInt(match[0], 10) : 0;
}

/** Upper-cases the top-level keys, as the telephony REST service does (array_change_key_case). */
export function upperKeys(params: ParamMap): ParamMap {
  const result: ParamMap = {};
  for (const [key, value] of Object.entries(params)) result[key.toUpperCase()] = value;
  return result;
}

/** Copies parameters to the "as PHP would see them" form used by the observation API. */
export function stringifyScalars(value: ParamValue): ParamValue {
  if (Array.isArray(value)) return value.map(stringifyScalars);
  if (value !== null && typeof value === 'object') {
    const result: ParamMap = {};
    for (const [key, item] of Object.entries(value)) result[key] = stringifyScalars(item);
    return result;
  }
  return value === null ? null : (phpString(value) ?? '');
}
