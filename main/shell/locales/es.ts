import type { PreparedShellCatalogue } from './shell-catalogue';

/** Spanish, prepared: the incoming call and the tray menu; the rest reads in English. */
export const es: PreparedShellCatalogue<'one' | 'many' | 'other'> = {
  'tray.menu.show': 'Mostrar b24phone',
  'tray.menu.dnd': 'No molestar',
  'tray.menu.sign-out': 'Cerrar sesión',
  'tray.menu.quit': 'Salir',
  'incoming.title': 'Llamada entrante',
  'incoming.title.named': 'Llamada entrante: {{name}}',
  'incoming.unknown-number': 'Número desconocido',
  'incoming.answer': 'Contestar',
  'incoming.decline': 'Rechazar',
};
