import { Notification } from 'electron';
import type { PhoneState } from '../../common/phone/phone-state';
import type { AppLanguage } from '../../common/settings/appearance-settings';
import type { Settings } from '../../common/settings/settings';
import {
  alertActions,
  alertPlan,
  alertText,
  commandForAlertAction,
  notificationActionsSupported,
} from './incoming-call-alerts';
import type { PhoneCommandChannel } from './phone-command-channel';
import { shellTexts } from './shell-texts';
import type { WatchedValue } from './watched-value';

/**
 * An OS notification for every incoming call while it rings, in the agent's language, with Answer
 * and Decline where the platform shows buttons (macOS, Windows); clicking it opens the window
 * everywhere. Each is closed the moment its call stops ringing. Optionally the window is also
 * brought to the front.
 */
export function setupIncomingCallNotifications(options: {
  phone: WatchedValue<PhoneState>;
  settings: WatchedValue<Settings>;
  language: WatchedValue<AppLanguage>;
  commands: PhoneCommandChannel;
  showWindow: () => void;
}): void {
  const shown = new Map<string, Notification>();
  const withActions = notificationActionsSupported(process.platform);
  options.phone.subscribe((state) => {
    const plan = alertPlan(new Set(shown.keys()), state);
    for (const callKey of plan.close) {
      shown.get(callKey)?.close();
      shown.delete(callKey);
    }
    if (plan.show.length > 0 && options.settings.get().desktop.bringToFrontOnRing) options.showWindow();
    if (!Notification.isSupported()) return;
    const t = shellTexts(options.language.get());
    for (const call of plan.show) {
      const notification = new Notification({
        ...alertText(call, t),
        // The page plays the ringtone on the agent's chosen device; the OS sound would double it.
        silent: true,
        urgency: 'critical',
        timeoutType: 'never',
        actions: withActions ? alertActions(t).map((text) => ({ type: 'button' as const, text })) : [],
      });
      notification.on('action', (event) => {
        const command = commandForAlertAction(call.callKey, event.actionIndex);
        if (command) options.commands.send(command);
      });
      notification.on('click', () => options.showWindow());
      notification.show();
      shown.set(call.callKey, notification);
    }
  });
}
