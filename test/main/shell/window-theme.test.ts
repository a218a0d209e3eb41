import { beforeEach, describe, expect, it } from 'vitest';
import type { ThemeSetting } from '../../../common/settings/appearance-settings';
import { defaultSettings, type Settings } from '../../../common/settings/settings';
import { windowBackgrounds } from '../../../common/theme/window-background';
import { createLogger } from '../../../main/services/log/logger';
import { MainWindow } from '../../../main/shell/main-window';
import { WatchedValue } from '../../../main/shell/watched-value';
import { setupWindowTheme } from '../../../main/shell/window-theme';
import { BrowserWindow, nativeTheme, resetElectronMock } from '../../mocks/electron';
import { themeSelectors, themeTokens } from '../../support/theme-tokens';

const inTheme = (theme: ThemeSetting): Settings => ({
  ...defaultSettings,
  appearance: { ...defaultSettings.appearance, theme },
});

/** The window as main.ts opens it: its theme set up first, the background it gives used at creation. */
function openWindow(settings: WatchedValue<Settings>): BrowserWindow {
  const window = new MainWindow();
  const backgroundColor = setupWindowTheme(settings, (colour) => window.setBackgroundColor(colour));
  window.open({
    preloadPath: '/app/out/preload/index.cjs',
    backgroundColor,
    startHidden: false,
    trayShown: () => true,
    log: createLogger({ level: 'silent' }),
    onPageUnloaded: () => undefined,
  });
  const created = BrowserWindow.created[0];
  if (!created) throw new Error('no window');
  return created;
}

describe('the window’s theme', () => {
  beforeEach(resetElectronMock);

  it('is painted in the page’s own background of each theme (theme.css --bg)', () => {
    expect(windowBackgrounds.light).toBe(themeTokens(themeSelectors.light)['bg']);
    expect(windowBackgrounds.dark).toBe(themeTokens(themeSelectors.dark)['bg']);
  });

  it('a light OS gets a light window from the start, a dark OS a dark one', () => {
    expect(openWindow(new WatchedValue(inTheme('system'))).backgroundColor).toBe(windowBackgrounds.light);
    resetElectronMock();
    nativeTheme.osPrefersDark(true);
    expect(openWindow(new WatchedValue(inTheme('system'))).backgroundColor).toBe(windowBackgrounds.dark);
  });

  it('a forced theme wins over the OS, for the window and for Chromium’s native parts', () => {
    nativeTheme.osPrefersDark(true);
    const page = openWindow(new WatchedValue(inTheme('light')));
    expect(page.backgroundColor).toBe(windowBackgrounds.light);
    expect(nativeTheme.themeSource).toBe('light');
  });

  it('follows the setting the moment it changes, and the OS while it says system', () => {
    const settings = new WatchedValue(inTheme('system'));
    const page = openWindow(settings);
    nativeTheme.osPrefersDark(true);
    expect(page.backgroundColor).toBe(windowBackgrounds.dark);
    settings.set(inTheme('light'));
    expect(nativeTheme.themeSource).toBe('light');
    expect(page.backgroundColor).toBe(windowBackgrounds.light);
    settings.set(inTheme('system'));
    expect(page.backgroundColor).toBe(windowBackgrounds.dark);
    nativeTheme.osPrefersDark(false);
    expect(page.backgroundColor).toBe(windowBackgrounds.light);
  });
});
