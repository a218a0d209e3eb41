import type { AppLanguage } from '../../common/settings/appearance-settings';

/**
 * A set of catalogues as a translator's tool would load them (the window's, the shell's): what a
 * language must hold against English. A complete language has every English text, with the plural
 * forms its grammar needs (Intl.PluralRules) and nothing more; every language uses English's
 * placeholders and leaves no text empty. Returns the problems found, empty when there are none.
 */
export type Catalogues = Record<AppLanguage, Record<string, string>>;

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

/** Keys as `language` must have them: each English plural expanded to the language's CLDR forms. */
export function expectedKeys(english: Record<string, string>, language: AppLanguage): string[] {
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const keys = new Set<string>();
  for (const key of Object.keys(english)) {
    if (!pluralSuffix.test(key)) keys.add(key);
    else for (const category of categories) keys.add(key.replace(pluralSuffix, `_${category}`));
  }
  return [...keys].sort();
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] ?? '').sort();
}

/** The English text a key of another language translates (plural forms map to `_other`). */
function englishOf(english: Record<string, string>, key: string): string {
  return english[key] ?? english[key.replace(pluralSuffix, '_other')] ?? '';
}

/** What `language` lacks or has too many of, to be complete. */
export function completenessProblems(catalogues: Catalogues, language: AppLanguage): string[] {
  const have = new Set(Object.keys(catalogues[language]));
  const expected = expectedKeys(catalogues.en, language);
  return [
    ...expected.filter((key) => !have.has(key)).map((key) => `${language} lacks ${key}`),
    ...[...have].filter((key) => !expected.includes(key)).map((key) => `${language} has extra ${key}`),
  ];
}

/** Keys English does not have, empty texts, placeholders that differ from English's. */
export function textProblems(catalogues: Catalogues, language: AppLanguage): string[] {
  const allowed = new Set(expectedKeys(catalogues.en, language));
  return Object.entries(catalogues[language]).flatMap(([key, text]) => {
    if (!allowed.has(key)) return [`${language} has a key English does not: ${key}`];
    if (text.trim() === '') return [`${language}: ${key} is empty`];
    const english = placeholders(englishOf(catalogues.en, key)).join(',');
    const own = placeholders(text).join(',');
    return own === english ? [] : [`${language}: ${key} has placeholders [${own}], English [${english}]`];
  });
}
