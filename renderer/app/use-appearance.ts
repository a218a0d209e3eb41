import { useLayoutEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n/i18n';
import { resolveLanguage } from '../../common/i18n/resolve-language';
import { useApp } from '../store/app-store';
import { applyTheme } from '../theme/theme';

/**
 * The window in the agent's language and theme, as the settings say (following the OS until they
 * say otherwise). The caller re-renders when the language changes, and with it every view below.
 */
export function useAppearance(): void {
  const language = useApp((s) => s.settings?.appearance.language ?? 'system');
  const theme = useApp((s) => s.settings?.appearance.theme ?? 'system');
  useTranslation();

  useLayoutEffect(() => applyTheme(theme), [theme]);

  useLayoutEffect(() => {
    const resolved = resolveLanguage(language, navigator.languages);
    document.documentElement.lang = resolved;
    if (i18n.language !== resolved) void i18n.changeLanguage(resolved);
  }, [language]);
}
