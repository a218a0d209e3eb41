import type { PhoneState } from '../../common/phone/phone-state';
import type { ShellTextKey } from './locales/shell-catalogue';
import type { ShellTexts } from './shell-texts';

/**
 * The tray icon's colour says at a glance whether calls can reach the agent: green registered,
 * red failing (or still trying), violet DND, grey nothing configured. DND wins because it is
 * the agent's own choice and the reason calls do not ring even when registration is fine.
 */
export type TrayStatus = 'registered' | 'failing' | 'dnd' | 'not-configured';

export function trayStatus(state: PhoneState): TrayStatus {
  if (state.dnd) return 'dnd';
  switch (state.registration) {
    case 'registered':
      return 'registered';
    case 'registering':
    case 'failed':
      return 'failing';
    case 'not-configured':
      return 'not-configured';
  }
}

/** RGB of each status; the icon is drawn from it (tray-icon.ts), so there are no image files to ship. */
export const trayColours: Readonly<Record<TrayStatus, readonly [number, number, number]>> = {
  registered: [46, 160, 67],
  failing: [218, 54, 51],
  dnd: [137, 87, 229],
  'not-configured': [128, 128, 128],
};

/** What the tray says of the phone: its status, and how many calls are up when there are any. */
export function trayStatusLine(state: PhoneState, t: ShellTexts): string {
  const status = t(statusKey(state));
  const count = state.calls.length;
  return count === 0 ? status : t('tray.status.with-calls', { status, count });
}

/** Failing says why: still trying to reach the PBX, or refused. */
function statusKey(state: PhoneState): ShellTextKey {
  const status = trayStatus(state);
  if (status !== 'failing') return `tray.status.${status}`;
  return state.registration === 'registering' ? 'tray.status.registering' : 'tray.status.failed';
}

export function trayTooltip(state: PhoneState, t: ShellTexts): string {
  return t('tray.tooltip', { status: trayStatusLine(state, t) });
}
