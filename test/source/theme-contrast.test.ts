import { describe, expect, it } from 'vitest';
import { themeSelectors, themeTokens as tokens } from '../support/theme-tokens';

/**
 * Text in both themes meets WCAG AA (4.5:1 for normal text), read from the tokens in theme.css:
 * every pair of text colour and background the CSS puts together.
 */

/** WCAG 2 relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((at) => {
    const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Text colour on background, as app.css combines them. */
const pairs: Array<[string, string]> = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['text', 'surface-2'],
  ['text-muted', 'bg'],
  ['text-muted', 'surface'],
  ['text-muted', 'surface-2'],
  ['accent-text', 'surface'],
  ['accent-text', 'bg'],
  ['accent-text', 'accent-soft'],
  ['on-accent', 'accent'],
  ['on-status', 'ok'],
  ['on-status', 'bad'],
  ['ok-text', 'surface'],
  ['busy-text', 'surface'],
  ['bad-text', 'surface'],
  ['bad-text', 'bg'],
  ['bad-text', 'bad-soft'],
  ['ok-text', 'bg'],
  ['text', 'ok-soft'],
  ['text', 'bad-soft'],
  ['text', 'busy-soft'],
  ['text-muted', 'ok-soft'],
];

describe('the themes', () => {
  for (const [theme, selector] of Object.entries(themeSelectors)) {
    it(`${theme}: every text colour on its background reaches 4.5:1`, () => {
      const colours = tokens(selector);
      const failing = pairs
        .map(([text, background]) => {
          const fg = colours[text];
          const bg = colours[background];
          if (!fg || !bg) return `${text} on ${background}: token missing`;
          const ratio = contrast(fg, bg);
          return ratio >= 4.5 ? null : `${text} on ${background}: ${ratio.toFixed(2)}`;
        })
        .filter(Boolean);
      expect(failing).toEqual([]);
    });
  }

  it('define the same tokens', () => {
    expect(Object.keys(tokens(themeSelectors.dark)).sort()).toEqual(
      Object.keys(tokens(themeSelectors.light)).sort(),
    );
  });
});
