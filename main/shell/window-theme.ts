import { nativeTheme } from 'electron';
import type { Settings } from '../../common/settings/settings';
import { windowBackground } from '../../common/theme/window-background';
import type { WatchedValue } from './watched-value';

/**
 * The window's theme outside the page. Chromium and the native parts (menus, title bar, the
 * page's prefers-color-scheme) follow the appearance setting through nativeTheme.themeSource,
 * and the window's own background - what shows before the page paints and while it resizes - is
 * the theme's page colour, switching with the setting and, for `system`, with the OS. Call before
 * the window is created; returns the background to create it with.
 */
export function setupWindowTheme(
  settings: WatchedValue<Settings>,
  setBackground: (colour: string) => void,
): string {
  const current = () => windowBackground(nativeTheme.shouldUseDarkColors);
  nativeTheme.themeSource = settings.get().appearance.theme;
  settings.subscribe((next, previous) => {
    if (next.appearance.theme === previous.appearance.theme) return;
    nativeTheme.themeSource = next.appearance.theme;
    setBackground(current());
  });
  // The OS switched (e.g. at dusk) while the setting says `system`.
  nativeTheme.on('updated', () => setBackground(current()));
  return current();
}
