import { app } from 'electron';
import { resolveLanguage } from '../../common/i18n/resolve-language';
import type { AppLanguage } from '../../common/settings/appearance-settings';
import type { Settings } from '../../common/settings/settings';
import { WatchedValue } from './watched-value';

/**
 * The language the tray, the notifications and the login entry speak: the one the agent chose in
 * Settings -> Appearance, else the OS's. For the OS's it asks Electron's application locale
 * (app.getLocale), because that is what the window's navigator.language is and what its
 * navigator.languages begin with: both sides then resolve `system` to the same language
 * (common/i18n/resolve-language.ts). The OS's list (app.getPreferredSystemLanguages) is not used
 * for that reason: its second choice could win here while the window reads in English.
 * Follows the setting the moment it is saved; call once Electron is ready.
 */
export function setupShellLanguage(settings: WatchedValue<Settings>): WatchedValue<AppLanguage> {
  const resolve = (current: Settings) => resolveLanguage(current.appearance.language, [app.getLocale()]);
  const language = new WatchedValue(resolve(settings.get()));
  settings.subscribe((next) => {
    const resolved = resolve(next);
    if (resolved !== language.get()) language.set(resolved);
  });
  return language;
}
