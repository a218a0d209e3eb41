import { readFileSync } from 'node:fs';
import path from 'node:path';

const css = readFileSync(path.resolve(import.meta.dirname, '../../renderer/theme/theme.css'), 'utf8');

/** The theme the selector of renderer/theme/theme.css keys its colour tokens on. */
export const themeSelectors = { light: ':root', dark: ":root[data-theme='dark']" } as const;

/** The `--name: #rrggbb` tokens of one block of theme.css, by name without the dashes. */
export function themeTokens(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`theme.css has no ${selector} block`);
  const block = css.slice(start, css.indexOf('}', start));
  const found = [...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6});/gi)];
  return Object.fromEntries(found.map((match): [string, string] => [match[1] ?? '', match[2] ?? '']));
}
