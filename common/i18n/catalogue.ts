/**
 * The shape of a translation catalogue, derived from its English one. The window (renderer/i18n)
 * and the desktop shell (main/shell/texts) each have a catalogue of their own texts in the same
 * i18next format: flat keys, `{{name}}` placeholders, plurals as `key_one`/`key_other` in English
 * and with the forms of the target language's grammar elsewhere.
 */

/** The CLDR plural categories (Intl.PluralRules). */
export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

type KeyOf<English> = Extract<keyof English, string>;

/** Keys English gives as plurals, without their suffix: `call.auto-answer`. */
export type PluralKeyOf<English> =
  KeyOf<English> extends infer K ? (K extends `${infer Base}_other` ? Base : never) : never;

/** Keys that are one text in every language. */
export type SingularKeyOf<English> = Exclude<KeyOf<English>, `${PluralKeyOf<English>}_${string}`>;

/** A complete translation of `English` for a language whose plurals have the categories `C`. */
export type CatalogueOf<English, C extends PluralCategory> = Record<SingularKeyOf<English>, string> &
  Record<`${PluralKeyOf<English>}_${C}`, string>;
