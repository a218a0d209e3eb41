import type { AppLanguage } from '../settings/appearance-settings';

/**
 * How every i18next instance of the app reads its catalogues, the window's and the desktop
 * shell's alike: loaded synchronously (the catalogues are small and bundled, so the first paint,
 * the first tray menu, are already in the agent's language), flat keys (`call.incoming`: neither
 * `.` nor `:` separates anything), English for a text a prepared language lacks, and no HTML
 * escaping (React escapes what it renders; a menu or an OS notification shows plain text).
 */
export function translationOptions(catalogues: Record<AppLanguage, Record<string, string>>) {
  return {
    resources: Object.fromEntries(
      Object.entries(catalogues).map(([language, messages]) => [language, { translation: messages }]),
    ),
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: Object.keys(catalogues),
    initAsync: false,
    keySeparator: false as const,
    nsSeparator: false as const,
    interpolation: { escapeValue: false },
    returnNull: false,
    returnEmptyString: false,
  };
}
