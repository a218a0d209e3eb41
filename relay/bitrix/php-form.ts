/**
 * Bitrix24 delivers events as `application/x-www-form-urlencoded` with PHP-style bracket keys
 * (`data[PHONE_NUMBER]=...&auth[application_token]=...`); the brackets may arrive percent-encoded
 * (`data%5BPHONE_NUMBER%5D`). This turns such a body into nested plain objects of strings.
 *
 * Hostile input is refused, not half-parsed: too many fields, nesting deeper than a real event,
 * malformed brackets, or keys that would reach an object's prototype.
 */
export type FormValue = string | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export class FormParseError extends Error {
  override readonly name = 'FormParseError';
}

export interface FormLimits {
  maxFields: number;
  maxDepth: number;
}

const defaultLimits: FormLimits = { maxFields: 500, maxDepth: 6 };
const forbiddenKeys = new Set(['__proto__', 'prototype', 'constructor']);

export function parsePhpForm(body: string, limits: FormLimits = defaultLimits): FormObject {
  // URLSearchParams decodes '+' and percent escapes, brackets included; a malformed escape is kept
  // literally, which then fails the key syntax below when it matters.
  const params = new URLSearchParams(body);
  const root: FormObject = Object.create(null) as FormObject;
  let fields = 0;
  for (const [key, value] of params) {
    fields += 1;
    if (fields > limits.maxFields) throw new FormParseError(`more than ${limits.maxFields} fields`);
    const path = splitKey(key);
    if (path.length > limits.maxDepth) throw new FormParseError(`"${key}" is nested too deeply`);
    assign(root, path, value);
  }
  return root;
}

function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open === -1) return [checked(key, key)];
  const head = key.slice(0, open);
  const rest = key.slice(open);
  if (!/^(\[[^[\]]*\])+$/.test(rest)) throw new FormParseError(`malformed key "${key}"`);
  const parts = [...rest.matchAll(/\[([^[\]]*)\]/g)].map((match) => match[1] ?? '');
  return [checked(head, key), ...parts.map((part) => checked(part, key, true))];
}

function checked(part: string, key: string, mayBeEmpty = false): string {
  if (!mayBeEmpty && part === '') throw new FormParseError(`malformed key "${key}"`);
  if (forbiddenKeys.has(part)) throw new FormParseError(`forbidden key "${key}"`);
  return part;
}

function assign(root: FormObject, path: string[], value: string): void {
  let node = root;
  for (let index = 0; index < path.length; index += 1) {
    let part = path[index] as string;
    const last = index === path.length - 1;
    if (part === '') part = String(Object.keys(node).length); // PHP's `a[]=` appends
    if (last) {
      if (typeof node[part] === 'object') throw new FormParseError(`"${part}" is both a value and a group`);
      node[part] = value;
      return;
    }
    const next = node[part];
    if (typeof next === 'string') throw new FormParseError(`"${part}" is both a value and a group`);
    if (next === undefined) {
      const created = Object.create(null) as FormObject;
      node[part] = created;
      node = created;
    } else node = next;
  }
}
