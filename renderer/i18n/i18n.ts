import i18next, { type i18n as I18n } from 'i18next';
import { translationOptions } from '../../common/i18n/translation-options';
import type { AppLanguage } from './languages';
import { de } from './locales/de';
import { en } from './locales/en';
import { es } from './locales/es';
import { pl } from './locales/pl';
import { ptBR } from './locales/pt-br';
import { ru } from './locales/ru';

const catalogues: Record<AppLanguage, Record<string, string>> = { en, ru, de, pl, es, 'pt-BR': ptBR };

/**
 * The window's one i18next instance, with every catalogue loaded (options shared with the desktop
 * shell's texts: common/i18n/translation-options.ts).
 */
export const i18n: I18n = i18next.createInstance();

void i18n.init(translationOptions(catalogues));
