import type { AppLanguage, LanguageSetting } from '../../common/settings/appearance-settings';

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

/**
 * The language to show: the one chosen, or for `system` the first of the OS's (the browser's)
 * preferred languages the app has, by primary subtag (`ru-RU` -> ru, `pt-PT` -> pt-BR, the only
 * Portuguese); English when none matches.
 */
export function resolveLanguage(setting: LanguageSetting, preferred: readonly string[]): AppLanguage {
  if (setting !== 'system') return setting;
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    const match = (Object.keys(languageInfo) as AppLanguage[]).find(
      (language) => language.toLowerCase().split('-')[0] === primary,
    );
    if (match) return match;
  }
  return 'en';
}
