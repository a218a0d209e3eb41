import { i18n } from './i18n';
import type { MessageKey, PluralKey } from './catalogue';

export type { MessageKey, PluralKey } from './catalogue';

export type MessageParams = Record<string, string | number>;

/**
 * The text for `key` in the window's language with its `{{placeholders}}` filled in; a plural key
 * needs `count`. The one way views get the words they show.
 */
export function t(key: PluralKey, params: MessageParams & { count: number }): string;
export function t(key: MessageKey, params?: MessageParams): string;
export function t(key: MessageKey | PluralKey, params: MessageParams = {}): string {
  return i18n.t(key, params);
}

/** The language the texts are in now (BCP 47), for Intl formatting of dates and numbers. */
export function currentLanguage(): string {
  return i18n.language;
}

/** A moment as the agent's language writes a date and time (short). */
export function formatDateTime(at: number): string {
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'short', timeStyle: 'short' }).format(at);
}

/** A time of day in the agent's language. */
export function formatTime(at: number): string {
  return new Intl.DateTimeFormat(currentLanguage(), { timeStyle: 'short' }).format(at);
}
