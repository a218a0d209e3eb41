import type { ThemeSetting } from '../../common/settings/appearance-settings';

export type Theme = 'light' | 'dark';

const darkQuery = '(prefers-color-scheme: dark)';

/** The theme to show: the one chosen, or the OS's while the setting is `system`. */
export function resolveTheme(setting: ThemeSetting, systemPrefersDark: boolean): Theme {
  if (setting !== 'system') return setting;
  return systemPrefersDark ? 'dark' : 'light';
}

/**
 * Puts the theme on <html> (theme.css keys its tokens on `data-theme`) and, while the setting is
 * `system`, follows the OS when it switches (e.g. at dusk). Returns the way to stop following.
 */
export function applyTheme(setting: ThemeSetting, root: HTMLElement = document.documentElement): () => void {
  const query = window.matchMedia(darkQuery);
  const apply = () => {
    root.dataset['theme'] = resolveTheme(setting, query.matches);
  };
  apply();
  if (setting !== 'system') return () => undefined;
  query.addEventListener('change', apply);
  return () => query.removeEventListener('change', apply);
}
