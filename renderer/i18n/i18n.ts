import i18next, { type i18n as I18n } from 'i18next';
import type { AppLanguage } from './languages';
import { de } from './locales/de';
import { en } from './locales/en';
import { es } from './locales/es';
import { pl } from './locales/pl';
import { ptBR } from './locales/pt-br';
import { ru } from './locales/ru';

const catalogues: Record<AppLanguage, Record<string, string>> = { en, ru, de, pl, es, 'pt-BR': ptBR };

/**
 * The app's one i18next instance, loaded synchronously with every catalogue (they are small and
 * bundled: the first paint is already in the agent's language). Keys are flat (`call.incoming`),
 * so neither `.` nor `:` separates anything; a text missing in a language reads in English.
 */
export const i18n: I18n = i18next.createInstance();

void i18n.init({
  resources: Object.fromEntries(
    Object.entries(catalogues).map(([language, messages]) => [language, { translation: messages }]),
  ),
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: Object.keys(catalogues),
  initAsync: false,
  keySeparator: false,
  nsSeparator: false,
  // React escapes what it renders; escaping here too would show &amp; to the agent.
  interpolation: { escapeValue: false },
  returnNull: false,
  returnEmptyString: false,
});
