import { globalShortcut } from 'electron';
import { commandForCallKey } from '../../common/phone/call-keys';
import type { PhoneState } from '../../common/phone/phone-state';
import type { Settings } from '../../common/settings/settings';
import type { Logger } from '../services/log/logger';
import type { PhoneCommandChannel } from './phone-command-channel';
import type { WatchedValue } from './watched-value';

/**
 * System-wide Answer and Hang up keys from the agent's settings, re-registered whenever the
 * settings change. A key another application already owns is reported in the log and skipped.
 */
export function setupGlobalShortcuts(options: {
  settings: WatchedValue<Settings>;
  phone: WatchedValue<PhoneState>;
  commands: PhoneCommandChannel;
  log: Logger;
}): void {
  const { settings, phone, commands, log } = options;
  const register = (shortcuts: Settings['desktop']['shortcuts']) => {
    globalShortcut.unregisterAll();
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
        if (!globalShortcut.register(accelerator, onPress))
          log.warn({ accelerator, action }, 'shortcut taken by another application');
      } catch (error) {
        log.warn({ err: error, accelerator }, 'shortcut not understood');
      }
    }
  };
  register(settings.get().desktop.shortcuts);
  settings.subscribe((next, previous) => {
    const a = next.desktop.shortcuts;
    const b = previous.desktop.shortcuts;
    if (a.answer !== b.answer || a.hangUp !== b.hangUp) register(a);
  });
}
