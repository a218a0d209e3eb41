import type { PreparedShellCatalogue } from './shell-catalogue';

/**
 * German, prepared like the window's (renderer/i18n/locales/de.ts): the incoming call and the
 * tray menu are translated, the rest reads in English until a translator completes it against en.ts.
 */
export const de: PreparedShellCatalogue<'one' | 'other'> = {
  'tray.menu.show': 'b24phone anzeigen',
  'tray.menu.dnd': 'Nicht stören',
  'tray.menu.sign-out': 'Abmelden',
  'tray.menu.quit': 'Beenden',
  'incoming.title': 'Eingehender Anruf',
  'incoming.title.named': 'Eingehender Anruf: {{name}}',
  'incoming.unknown-number': 'Unbekannte Nummer',
  'incoming.answer': 'Annehmen',
  'incoming.decline': 'Ablehnen',
};
