import type { PhoneState } from '../../common/phone/phone-state';
import type { ShellTexts } from './shell-texts';
import { trayStatusLine } from './tray-status';

/** What the tray menu can do; main wires each to the window, the phone or the app. */
export interface TrayActions {
  show(): void;
  setDnd(on: boolean): void;
  signOut(): void;
  quit(): void;
}

/** One menu entry, in the subset of Electron's MenuItemConstructorOptions the tray uses. */
export type TrayMenuItem =
  | { type: 'normal'; label: string; enabled: boolean; click: () => void }
  | { type: 'checkbox'; label: string; checked: boolean; enabled: boolean; click: () => void }
  | { type: 'separator' };

/** The menu for the current phone state: the status line, Show, DND, Sign out, Quit. */
export function trayMenu(state: PhoneState, actions: TrayActions, t: ShellTexts): TrayMenuItem[] {
  const configured = state.registration !== 'not-configured';
  return [
    { type: 'normal', label: trayStatusLine(state, t), enabled: false, click: noop },
    { type: 'separator' },
    { type: 'normal', label: t('tray.menu.show'), enabled: true, click: () => actions.show() },
    {
      type: 'checkbox',
      label: t('tray.menu.dnd'),
      checked: state.dnd,
      enabled: configured,
      click: () => actions.setDnd(!state.dnd),
    },
    { type: 'separator' },
    { type: 'normal', label: t('tray.menu.sign-out'), enabled: configured, click: () => actions.signOut() },
    { type: 'normal', label: t('tray.menu.quit'), enabled: true, click: () => actions.quit() },
  ];
}

function noop(): void {}
