import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../common/settings/settings';

describe('desktop settings', () => {
  it('default to ringing to the front, no login start, no shortcuts, the packaged update URL', () => {
    expect(settingsSchema.parse({}).desktop).toEqual({
      bringToFrontOnRing: true,
      launchAtLogin: false,
      shortcuts: { answer: '', hangUp: '' },
      updateUrl: '',
    });
  });

  it('fill in what an older settings file lacks', () => {
    expect(settingsSchema.parse({ desktop: { shortcuts: { answer: 'F8' } } }).desktop.shortcuts).toEqual({
      answer: 'F8',
      hangUp: '',
    });
  });

  it.each([
    [{ shortcuts: { answer: 'Ctrl+;rm -rf' } }],
    [{ shortcuts: { hangUp: 'F9+' } }],
    [{ updateUrl: 'http://updates.example.com' }],
    [{ updateUrl: 'file:///tmp/feed' }],
  ])('refuses %j', (desktop) => {
    expect(settingsSchema.safeParse({ desktop }).success).toBe(false);
  });
});
