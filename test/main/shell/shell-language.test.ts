import { beforeEach, describe, expect, it } from 'vitest';
import { resolveLanguage } from '../../../common/i18n/resolve-language';
import type { LanguageSetting } from '../../../common/settings/appearance-settings';
import { defaultSettings, type Settings } from '../../../common/settings/settings';
import { setupShellLanguage } from '../../../main/shell/shell-language';
import { WatchedValue } from '../../../main/shell/watched-value';
import { app, resetElectronMock } from '../../mocks/electron';

const speaking = (language: LanguageSetting): Settings => ({
  ...defaultSettings,
  appearance: { ...defaultSettings.appearance, language },
});

describe('the shell’s language', () => {
  beforeEach(resetElectronMock);

  it('follows the OS by default, as Electron’s application locale says it', () => {
    for (const [locale, expected] of [
      ['ru', 'ru'],
      ['en-GB', 'en'],
      ['pt-PT', 'pt-BR'],
      ['pl', 'pl'],
      ['fr', 'en'],
    ] as const) {
      app.locale = locale;
      expect(setupShellLanguage(new WatchedValue(speaking('system'))).get()).toBe(expected);
    }
  });

  it('is the one the window chooses for the same OS (whose languages begin with that locale)', () => {
    for (const locale of ['ru', 'de-AT', 'es-419', 'fr-CA', 'ja', 'pt-BR']) {
      app.locale = locale;
      // Electron's navigator.languages: the application locale, then en-US and en.
      const window = resolveLanguage('system', [locale, 'en-US', 'en']);
      expect(setupShellLanguage(new WatchedValue(speaking('system'))).get()).toBe(window);
    }
  });

  it('is the agent’s choice over the OS, and changes the moment the setting does', () => {
    app.locale = 'ru';
    const settings = new WatchedValue(speaking('de'));
    const language = setupShellLanguage(settings);
    const heard: string[] = [];
    language.subscribe((next) => heard.push(next));
    expect(language.get()).toBe('de');
    settings.set(speaking('system'));
    settings.set({ ...speaking('system'), cardPolicy: 'never' });
    settings.set(speaking('es'));
    expect(heard).toEqual(['ru', 'es']);
  });
});
