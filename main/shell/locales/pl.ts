import type { PreparedShellCatalogue } from './shell-catalogue';

/** Polish, prepared: the incoming call and the tray menu; the rest reads in English. */
export const pl: PreparedShellCatalogue<'one' | 'few' | 'many' | 'other'> = {
  'tray.menu.show': 'Pokaż b24phone',
  'tray.menu.dnd': 'Nie przeszkadzać',
  'tray.menu.sign-out': 'Wyloguj',
  'tray.menu.quit': 'Zakończ',
  'incoming.title': 'Połączenie przychodzące',
  'incoming.title.named': 'Połączenie przychodzące: {{name}}',
  'incoming.unknown-number': 'Nieznany numer',
  'incoming.answer': 'Odbierz',
  'incoming.decline': 'Odrzuć',
};
