import type { AppLanguage } from '../../common/settings/appearance-settings';

export type { AppLanguage } from '../../common/settings/appearance-settings';

/**
 * The languages the app offers, each named in itself (an agent looking for their language must
 * recognise it whatever the window is in now), and whether its catalogue is complete.
 */
export const languageInfo: Record<AppLanguage, { name: string; complete: boolean }> = {
  en: { name: 'English', complete: true },
  ru: { name: 'Русский', complete: true },
  de: { name: 'Deutsch', complete: false },
  pl: { name: 'Polski', complete: false },
  es: { name: 'Español', complete: false },
  'pt-BR': { name: 'Português (Brasil)', complete: false },
};
