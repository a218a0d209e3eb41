/**
 * The page's background (`--bg` in renderer/theme/theme.css) of each theme, for what is drawn
 * before and around the page: the desktop window is painted in it before the page loads, so an
 * agent on the light theme never sees a dark flash at start. test/main/shell/window-theme.test.ts
 * keeps these equal to theme.css.
 */
export const windowBackgrounds = {
  light: '#eef1f6',
  dark: '#11151c',
} as const;

export function windowBackground(dark: boolean): string {
  return dark ? windowBackgrounds.dark : windowBackgrounds.light;
}
