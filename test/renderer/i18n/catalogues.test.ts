import { describe, expect, it } from 'vitest';
import { i18n } from '../../../renderer/i18n/i18n';
import { languageInfo, type AppLanguage } from '../../../renderer/i18n/languages';
import { de } from '../../../renderer/i18n/locales/de';
import { en } from '../../../renderer/i18n/locales/en';
import { es } from '../../../renderer/i18n/locales/es';
import { pl } from '../../../renderer/i18n/locales/pl';
import { ptBR } from '../../../renderer/i18n/locales/pt-br';
import { ru } from '../../../renderer/i18n/locales/ru';
import { completenessProblems, textProblems, type Catalogues } from '../../support/catalogue-checks';

/**
 * The catalogues against each other: a complete language has every text English has, with the
 * plural forms its grammar needs and the same placeholders; a prepared one has nothing English
 * lacks. Types check most of this at build time; this checks the files as data, as a translator's
 * tool would load them.
 */

const catalogues: Catalogues = { en, ru, de, pl, es, 'pt-BR': ptBR };

describe('the translations', () => {
  for (const language of ['en', 'ru'] as const) {
    it(`${language} is complete: every key, every plural form, nothing more`, () => {
      expect(languageInfo[language].complete).toBe(true);
      expect(completenessProblems(catalogues, language)).toEqual([]);
    });
  }

  for (const language of Object.keys(catalogues) as AppLanguage[]) {
    it(`${language} uses the same placeholders as English and leaves no text empty`, () => {
      expect(textProblems(catalogues, language)).toEqual([]);
    });
  }

  it('says which languages are prepared, not complete', () => {
    for (const language of ['de', 'pl', 'es', 'pt-BR'] as const) {
      expect(languageInfo[language].complete).toBe(false);
      expect(Object.keys(catalogues[language]).length).toBeGreaterThan(0);
    }
  });

  it('would catch a missing plural form, an extra key and a changed placeholder', () => {
    const { 'outbox.calls-waiting_few': _few, ...russian } = ru;
    const broken: Catalogues = {
      ...catalogues,
      ru: { ...russian, 'call.gone': 'нет', 'sip.status.connecting': 'подключение к {{host}}' },
    };
    expect(completenessProblems(broken, 'ru')).toEqual([
      'ru lacks outbox.calls-waiting_few',
      'ru has extra call.gone',
    ]);
    expect(textProblems(broken, 'ru')).toEqual([
      'ru: sip.status.connecting has placeholders [host], English [server]',
      'ru has a key English does not: call.gone',
    ]);
  });
});

describe('texts in the window’s language', () => {
  const say = (language: string, key: string, params: Record<string, unknown> = {}) =>
    i18n.getFixedT(language)(key, params);

  it('chooses the Russian plural form by the number (one, few, many)', () => {
    const forms = [1, 2, 5, 11, 21, 22, 25, 101, 112].map((count) =>
      say('ru', 'call.auto-answer', { count }),
    );
    expect(forms).toEqual([
      'Автоответ через 1 секунду',
      'Автоответ через 2 секунды',
      'Автоответ через 5 секунд',
      'Автоответ через 11 секунд',
      'Автоответ через 21 секунду',
      'Автоответ через 22 секунды',
      'Автоответ через 25 секунд',
      'Автоответ через 101 секунду',
      'Автоответ через 112 секунд',
    ]);
    expect(say('ru', 'outbox.calls-waiting', { count: 3 })).toBe('ждут 3 звонка');
    expect(say('ru', 'callbacks.count', { count: 14 })).toBe('В очереди 14 обратных звонков');
  });

  it('chooses the English plural form', () => {
    expect(say('en', 'outbox.calls-waiting', { count: 1 })).toBe('1 call waiting');
    expect(say('en', 'outbox.calls-waiting', { count: 0 })).toBe('0 calls waiting');
  });

  it('reads a prepared language’s missing texts in English, its translated ones in it', () => {
    expect(say('de', 'action.answer')).toBe('Annehmen');
    expect(say('de', 'dnd.on')).toBe(en['dnd.on']);
    expect(say('pl', 'outbox.calls-waiting', { count: 5 })).toBe('5 calls waiting');
  });

  it('fills placeholders without HTML-escaping (React escapes)', () => {
    expect(say('en', 'idle.last-call', { number: '<101>', outcome: 'A & B' })).toBe(
      'Last call: <101> — A & B',
    );
  });
});
