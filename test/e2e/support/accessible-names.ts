import type { Page } from '@playwright/test';

const controls = [
  'button',
  'textbox',
  'combobox',
  'checkbox',
  'switch',
  'slider',
  'spinbutton',
  'radio',
  'link',
];
/** An ARIA snapshot line of a control with no accessible name: `- button`, `- textbox: 123`, `- checkbox [checked]`. */
const unnamed = new RegExp(`^\\s*- (${controls.join('|')})(?: \\[[^\\]]*\\])*(?::.*)?$`);

/**
 * The controls on screen that a screen reader would announce without a name, as the browser's
 * accessibility tree (Playwright's ARIA snapshot) has them.
 */
export async function unnamedControls(page: Page): Promise<string[]> {
  const snapshot = await page.locator('body').ariaSnapshot();
  return snapshot
    .split('\n')
    .filter((line) => unnamed.test(line))
    .map((line) => line.trim());
}
