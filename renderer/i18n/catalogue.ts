import type { en } from './locales/en';

/**
 * The shape of a translation, derived from the English catalogue: the same keys, where a plural
 * (`key_one` + `key_other` in English) takes the forms of the target language's grammar.
 */

type EnglishKey = keyof typeof en;

/** Keys English gives as plurals, without their suffix: `call.auto-answer`. */
export type PluralKey = EnglishKey extends infer K ? (K extends `${infer Base}_other` ? Base : never) : never;

/** Keys that are one text in every language. */
export type SingularKey = Exclude<EnglishKey, `${PluralKey}_${string}`>;

/** A text's key when no count chooses its form (plural keys are `PluralKey`, with a `count`). */
export type MessageKey = SingularKey;

/** The CLDR plural categories (Intl.PluralRules). */
export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/** A complete translation for a language whose plurals have the categories `C`. */
export type Catalogue<C extends PluralCategory> = Record<SingularKey, string> &
  Record<`${PluralKey}_${C}`, string>;

/** A prepared translation: some texts done, the rest read in English until a translator fills them in. */
export type PartialCatalogue<C extends PluralCategory> = Partial<Catalogue<C>>;
