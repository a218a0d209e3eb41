import { describe, expect, it } from 'vitest';
import { resolveLanguage } from '../../../common/i18n/resolve-language';

describe('the app’s language (window and shell)', () => {
  it('is the one the agent chose, whatever the system prefers', () => {
    expect(resolveLanguage('ru', ['en-US'])).toBe('ru');
    expect(resolveLanguage('pt-BR', ['ru-RU'])).toBe('pt-BR');
  });

  it('follows the system’s first language the app has, by its primary subtag', () => {
    expect(resolveLanguage('system', ['ru-RU', 'en-US'])).toBe('ru');
    expect(resolveLanguage('system', ['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(resolveLanguage('system', ['pt-PT'])).toBe('pt-BR');
    expect(resolveLanguage('system', ['PL'])).toBe('pl');
    expect(resolveLanguage('system', ['es_419'])).toBe('es');
  });

  it('falls back to English when the system prefers nothing the app has', () => {
    expect(resolveLanguage('system', ['fr-FR', 'ja'])).toBe('en');
    expect(resolveLanguage('system', [])).toBe('en');
    expect(resolveLanguage('system', [''])).toBe('en');
  });
});
