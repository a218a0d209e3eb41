import { describe, expect, it } from 'vitest';
import { appLanguages } from '../../../common/settings/appearance-settings';
import { shellCatalogues, shellTexts } from '../../../main/shell/shell-texts';
import { languageInfo } from '../../../renderer/i18n/languages';
import { completenessProblems, textProblems } from '../../support/catalogue-checks';

/**
 * The shell's catalogue against the window's: the same languages, complete in the same ones (en
 * and ru: every key, every plural form of the language), prepared in the others, with English's
 * placeholders everywhere - checked as data with the same rules as renderer/i18n's catalogues.
 */
describe('the shell’s translations', () => {
  it('are in the window’s languages', () => {
    expect(Object.keys(shellCatalogues).sort()).toEqual([...appLanguages].sort());
    expect(Object.keys(languageInfo).sort()).toEqual([...appLanguages].sort());
  });

  for (const language of appLanguages) {
    const complete = languageInfo[language].complete;
    it(`${language} is ${complete ? 'complete' : 'prepared'}, as in the window`, () => {
      const missing = completenessProblems(shellCatalogues, language);
      if (complete) expect(missing).toEqual([]);
      else {
        expect(missing.length).toBeGreaterThan(0);
        expect(Object.keys(shellCatalogues[language]).length).toBeGreaterThan(0);
      }
    });

    it(`${language} uses English's placeholders and leaves no text empty`, () => {
      expect(textProblems(shellCatalogues, language)).toEqual([]);
    });
  }

  it('in Russian, no text is left in English', () => {
    const untranslated = Object.entries(shellCatalogues.ru).filter(
      ([key, text]) => shellCatalogues.en[key] === text && !/^b24phone: \{\{status\}\}$/.test(text),
    );
    expect(untranslated).toEqual([]);
  });

  it('fill placeholders as plain text, choose plural forms, and fall back to English', () => {
    expect(shellTexts('en')('incoming.title.named', { name: 'A & <B>' })).toBe('Incoming call: A & <B>');
    expect(shellTexts('ru')('tray.status.with-calls', { status: 'x', count: 21 })).toBe('x, 21 звонок');
    expect(shellTexts('ru')('tray.status.with-calls', { status: 'x', count: 12 })).toBe('x, 12 звонков');
    expect(shellTexts('es')('incoming.answer')).toBe('Contestar');
    expect(shellTexts('es')('tray.status.registered')).toBe('ready for calls');
  });
});
