import { globalShortcut } from 'electron';
import { commandForCallKey } from '../../common/phone/call-keys';
import type { PhoneState } from '../../common/phone/phone-state';
import type { AppLanguage } from '../../common/settings/appearance-settings';
import type { Settings } from '../../common/settings/settings';
import type { Logger } from '../services/log/logger';
import type { PhoneCommandChannel } from './phone-command-channel';
import { shellTexts } from './shell-texts';
import type { WatchedValue } from './watched-value';

/**
 * System-wide Answer and Hang up keys from the agent's settings, re-registered whenever the
 * settings change. A key that cannot be registered - another application owns it, or the desktop
 * refuses system-wide keys (Wayland without a shortcuts portal) - is logged, skipped and named to
 * the agent in a notice, so they do not press a key that does nothing.
 */
export function setupGlobalShortcuts(options: {
  settings: WatchedValue<Settings>;
  phone: WatchedValue<PhoneState>;
  commands: PhoneCommandChannel;
  language: WatchedValue<AppLanguage>;
  notify: (title: string, body: string) => void;
  log: Logger;
}): void {
  const { settings, phone, commands, log } = options;
  const register = (shortcuts: Settings['desktop']['shortcuts']) => {
    globalShortcut.unregisterAll();
    const failed: string[] = [];
    const bindings: ['answer' | 'hangUp', string][] = [
      ['answer', shortcuts.answer],
      ['hangUp', shortcuts.hangUp],
    ];
    for (const [action, accelerator] of bindings) {
      if (accelerator === '') continue;
      const onPress = () => {
        const command = commandForCallKey(action, phone.get());
        if (command) commands.send(command);
      };
      try {
        if (!globalShortcut.register(accelerator, onPress)) {
          log.warn(
            { accelerator, action },
            'shortcut taken by another application or refused by the desktop',
          );
          failed.push(accelerator);
        }
      } catch (error) {
        log.warn({ err: error, accelerator }, 'shortcut not understood');
        failed.push(accelerator);
      }
    }
    if (failed.length > 0) {
      const t = shellTexts(options.language.get());
      options.notify(t('shortcuts.failed.title'), t('shortcuts.failed.body', { keys: failed.join(', ') }));
    }
  };
  register(settings.get().desktop.shortcuts);
  settings.subscribe((next, previous) => {
    const a = next.desktop.shortcuts;
    const b = previous.desktop.shortcuts;
    if (a.answer !== b.answer || a.hangUp !== b.hangUp) register(a);
  });
}
