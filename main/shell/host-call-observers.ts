import type { PhoneState } from '../../common/phone/phone-state';
import type { Settings } from '../../common/settings/settings';
import type { HostApiHandlers } from '../services/host-api/dispatcher';
import type { WatchedValue } from './watched-value';

/**
 * The shell's window onto two host calls: saved settings (shortcuts, login item, CSP, updates
 * follow them) and the phone's state (tray, notifications). The services stay unaware of the
 * shell; the handlers run first, and only what they accepted and returned is observed.
 * `onPhoneReport` tells that the page's phone is up and listening (every report, not only changes).
 */
export function observeHostCalls(
  handlers: HostApiHandlers,
  watched: { settings: WatchedValue<Settings>; phone: WatchedValue<PhoneState>; onPhoneReport: () => void },
): HostApiHandlers {
  return {
    ...handlers,
    'settings/save': async (next) => {
      const saved = await handlers['settings/save'](next);
      watched.settings.set(saved);
      return saved;
    },
    'phone/state': async (state) => {
      const result = await handlers['phone/state'](state);
      watched.phone.set(state);
      watched.onPhoneReport();
      return result;
    },
  };
}
