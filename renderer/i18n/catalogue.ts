import type { CatalogueOf, PluralCategory, PluralKeyOf, SingularKeyOf } from '../../common/i18n/catalogue';
import type { en } from './locales/en';

/** The window's catalogues, shaped by the English one (common/i18n/catalogue.ts). */

export type { PluralCategory } from '../../common/i18n/catalogue';

/** Keys English gives as plurals, without their suffix: `call.auto-answer`. */
export type PluralKey = PluralKeyOf<typeof en>;

/** A text's key when no count chooses its form (plural keys are `PluralKey`, with a `count`). */
export type MessageKey = SingularKeyOf<typeof en>;

/** A complete translation for a language whose plurals have the categories `C`. */
export type Catalogue<C extends PluralCategory> = CatalogueOf<typeof en, C>;

/** A prepared translation: some texts done, the rest read in English until a translator fills them in. */
export type PartialCatalogue<C extends PluralCategory> = Partial<Catalogue<C>>;
