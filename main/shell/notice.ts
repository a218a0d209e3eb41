import { Notification } from 'electron';

/** A plain OS notification for news that needs no answer (an update is ready). */
export function showNotice(title: string, body: string): void {
  if (Notification.isSupported()) new Notification({ title, body }).show();
}
