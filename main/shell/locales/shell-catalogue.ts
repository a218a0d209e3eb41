import type { CatalogueOf, PluralCategory, PluralKeyOf, SingularKeyOf } from '../../../common/i18n/catalogue';
import type { en } from './en';

/** The shape of the shell's catalogue, taken from the English reference every language translates. */
export type ShellTextKey = SingularKeyOf<typeof en>;
export type ShellPluralKey = PluralKeyOf<typeof en>;
export type ShellCatalogue<C extends PluralCategory> = CatalogueOf<typeof en, C>;
export type PreparedShellCatalogue<C extends PluralCategory> = Partial<ShellCatalogue<C>>;
