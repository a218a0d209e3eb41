import type { PhoneState } from '../../common/phone/phone-state';
import type { Settings } from '../../common/settings/settings';
import { pbxWebSocketOrigin } from './content-security-policy';
import type { WatchedValue } from './watched-value';

/**
 * The page's CSP admits exactly the PBX WebSocket configured when the page loaded. When the agent
 * saves another PBX address the page must load again to be allowed to reach it; that reload waits
 * until no call is in progress, so saving settings never cuts a call.
 */
export function setupContentSecurityReload(options: {
  settings: WatchedValue<Settings>;
  phone: WatchedValue<PhoneState>;
  reload: () => void;
}): void {
  let reloadPending = false;
  const reloadWhenIdle = () => {
    if (!reloadPending || options.phone.get().calls.length > 0) return;
    reloadPending = false;
    options.reload();
  };
  options.settings.subscribe((next, previous) => {
    if (pbxWebSocketOrigin(next) === pbxWebSocketOrigin(previous)) return;
    reloadPending = true;
    reloadWhenIdle();
  });
  options.phone.subscribe(reloadWhenIdle);
}
