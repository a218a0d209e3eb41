import { appLanguages, type AppLanguage, type LanguageSetting } from '../settings/appearance-settings';

/**
 * The language to show: the one chosen, or for `system` the first of the OS's preferred languages
 * the app has, by primary subtag (`ru-RU` -> ru, `pt-PT` -> pt-BR, the only Portuguese); English
 * when none matches. The window and the desktop shell both decide with this, so the tray and the
 * notifications speak the window's language.
 */
export function resolveLanguage(setting: LanguageSetting, preferred: readonly string[]): AppLanguage {
  if (setting !== 'system') return setting;
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    const match = appLanguages.find((language) => language.toLowerCase().split('-')[0] === primary);
    if (match) return match;
  }
  return 'en';
}
