import { en, type MessageKey } from './messages';

export type { MessageKey } from './messages';

export type MessageParams = Record<string, string | number>;

/** The text for `key` with its `{placeholders}` filled in (unknown placeholders stay visible). */
export function t(key: MessageKey, params: MessageParams = {}): string {
  return en[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
