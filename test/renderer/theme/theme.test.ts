import { describe, expect, it } from 'vitest';
import { resolveTheme } from '../../../renderer/theme/theme';

describe('the window’s theme', () => {
  it('follows the OS while the setting is system', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
  });

  it('is the one chosen otherwise, whatever the OS prefers', () => {
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});
