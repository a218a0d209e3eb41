import type { PreparedShellCatalogue } from './shell-catalogue';

/** Brazilian Portuguese, prepared: the incoming call and the tray menu; the rest reads in English. */
export const ptBR: PreparedShellCatalogue<'one' | 'many' | 'other'> = {
  'tray.menu.show': 'Mostrar b24phone',
  'tray.menu.dnd': 'Não perturbe',
  'tray.menu.sign-out': 'Sair da conta',
  'tray.menu.quit': 'Encerrar',
  'incoming.title': 'Chamada recebida',
  'incoming.title.named': 'Chamada recebida: {{name}}',
  'incoming.unknown-number': 'Número desconhecido',
  'incoming.answer': 'Atender',
  'incoming.decline': 'Recusar',
};
