import type { PhoneState } from '../../common/phone/phone-state';

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

export function trayTooltip(state: PhoneState): string {
  const status = trayStatus(state);
  const line = {
    registered: 'ready for calls',
    failing: state.registration === 'registering' ? 'connecting to the PBX' : 'not registered with the PBX',
    dnd: 'do not disturb',
    'not-configured': 'no SIP account set up',
  }[status];
  const calls = state.calls.length === 0 ? '' : `, ${state.calls.length} call(s)`;
  return `b24phone: ${line}${calls}`;
}
