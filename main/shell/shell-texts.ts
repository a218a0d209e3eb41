import i18next from 'i18next';
import { translationOptions } from '../../common/i18n/translation-options';
import type { AppLanguage } from '../../common/settings/appearance-settings';
import { de } from './locales/de';
import { en } from './locales/en';
import { es } from './locales/es';
import { pl } from './locales/pl';
import { ptBR } from './locales/pt-br';
import { ru } from './locales/ru';
import type { ShellPluralKey, ShellTextKey } from './locales/shell-catalogue';

/**
 * The words of the desktop shell (tray, notifications, login entry) in the agent's language. They
 * are the shell's own small catalogue (main/shell/locales), in the window's languages and format;
 * the language itself is decided as the window decides it (shell-language.ts).
 */

export const shellCatalogues: Record<AppLanguage, Record<string, string>> = {
  en,
  ru,
  de,
  pl,
  es,
  'pt-BR': ptBR,
};

const translations = i18next.createInstance();
void translations.init(translationOptions(shellCatalogues));

type Params = Record<string, string | number>;

/** A text for a key with its `{{placeholders}}` filled in; a plural key needs `count`. */
export interface ShellTexts {
  (key: ShellPluralKey, params: Params & { count: number }): string;
  (key: ShellTextKey, params?: Params): string;
}

/** The shell's texts in `language` (a text that language lacks reads in English). */
export function shellTexts(language: AppLanguage): ShellTexts {
  const fixed = translations.getFixedT(language);
  return (key: ShellTextKey | ShellPluralKey, params: Params = {}) => fixed(key, params);
}
