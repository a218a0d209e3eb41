/**
 * Reading and writing a nested object by a dotted path (`phone.autoAnswer.delaySeconds`), typed:
 * the path must name a leaf of the object's type and the value must fit it. The settings form binds
 * each field to its path in the settings this way, and zod names a refused value by the same path.
 */

/** What a field edits as one value: the walk stops here (a list is edited whole, e.g. STUN servers). */
type Leaf = string | number | boolean | null | readonly unknown[];

/** Every dotted path from `T` to a leaf. */
export type LeafPath<T> = {
  [K in keyof T & string]: T[K] extends Leaf ? K : `${K}.${LeafPath<T[K]>}`;
}[keyof T & string];

/** The type of the value at `P` in `T`. */
export type ValueAt<T, P extends string> = P extends `${infer K}.${infer Rest}`
  ? K extends keyof T
    ? ValueAt<T[K], Rest>
    : never
  : P extends keyof T
    ? T[P]
    : never;

/** The leaf paths of `T` whose value is of type `V` (a narrower type, such as an enum, too). */
export type PathTo<T, V> = {
  [P in LeafPath<T>]: ValueAt<T, P> extends V ? P : never;
}[LeafPath<T>];

type Node = Record<string, unknown>;

export function valueAt<T, P extends LeafPath<T>>(object: T, path: P): ValueAt<T, P> {
  return path.split('.').reduce<unknown>((node, key) => (node as Node)[key], object) as ValueAt<T, P>;
}

/** A copy of `object` with `value` at `path`; the objects on the way are copied, the rest shared. */
export function withValueAt<T, P extends LeafPath<T>>(object: T, path: P, value: ValueAt<T, P>): T {
  const put = (node: unknown, [key = '', ...rest]: string[]): unknown => ({
    ...(node as Node),
    [key]: rest.length === 0 ? value : put((node as Node)[key], rest),
  });
  return put(object, path.split('.')) as T;
}
