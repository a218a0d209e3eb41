import { Menu, nativeImage, Tray } from 'electron';
import type { PhoneState } from '../../common/phone/phone-state';
import type { AppLanguage } from '../../common/settings/appearance-settings';
import { shellTexts } from './shell-texts';
import { statusDotBitmap } from './tray-icon';
import { trayMenu, type TrayActions } from './tray-menu';
import { trayColours, trayStatus, trayTooltip } from './tray-status';
import type { WatchedValue } from './watched-value';

/**
 * The tray icon: its colour follows the phone's registration and DND, its menu offers Show, DND,
 * Sign out and Quit in the agent's language, and a click opens the window. It is how an agent
 * with the window hidden still sees whether calls can reach them.
 */
export function setupTray(
  phone: WatchedValue<PhoneState>,
  language: WatchedValue<AppLanguage>,
  actions: TrayActions,
): Tray {
  const tray = new Tray(statusIcon(phone.get()));
  const render = () => {
    const state = phone.get();
    const t = shellTexts(language.get());
    tray.setImage(statusIcon(state));
    tray.setToolTip(trayTooltip(state, t));
    tray.setContextMenu(Menu.buildFromTemplate(trayMenu(state, actions, t)));
  };
  render();
  phone.subscribe((state, previous) => {
    if (
      state.dnd !== previous.dnd ||
      state.registration !== previous.registration ||
      state.calls.length !== previous.calls.length
    )
      render();
  });
  // The agent chose another language: the menu and tooltip switch at once.
  language.subscribe(render);
  tray.on('click', () => actions.show());
  return tray;
}

function statusIcon(state: PhoneState): Electron.NativeImage {
  const colour = trayColours[trayStatus(state)];
  const image = nativeImage.createFromBitmap(statusDotBitmap(16, colour), { width: 16, height: 16 });
  // The same dot at twice the pixels for HiDPI screens, so it is never drawn blurred.
  image.addRepresentation({ scaleFactor: 2, width: 32, height: 32, buffer: statusDotBitmap(32, colour) });
  return image;
}
