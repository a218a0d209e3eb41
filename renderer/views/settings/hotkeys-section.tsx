import { shortcuts, type ShortcutAction } from '../../app/shortcuts';
import { isDesktopHost } from '../../host/connect-host';
import { t, type MessageKey } from '../../i18n/t';
import { Flag } from './flag';
import { TextField } from './text-fields';
import { SettingsSection } from './settings-section';

/** The window's shortcuts as the section lists them. */
const shortcutNames: Record<ShortcutAction, MessageKey> = {
  answer: 'shortcut.answer',
  decline: 'shortcut.decline',
  hangup: 'shortcut.hangup',
  hold: 'shortcut.hold',
  mute: 'shortcut.mute',
  keypad: 'shortcut.keypad',
  transfer: 'shortcut.transfer',
  newNumber: 'shortcut.newNumber',
  redial: 'shortcut.redial',
};

export function HotkeysSection() {
  // System-wide shortcuts are the desktop app's; the web host shows them, not to be edited.
  const desktop = isDesktopHost();
  return (
    <SettingsSection legend="settings.hotkeys">
      <p className="field-label">{t('settings.hotkeys.window')}</p>
      <dl className="hotkeys">
        {(Object.keys(shortcuts) as ShortcutAction[]).map((action) => (
          <div key={action}>
            <dt>{t(shortcutNames[action])}</dt>
            <dd>
              <kbd>{shortcuts[action]}</kbd>
            </dd>
          </div>
        ))}
      </dl>
      <p className="hint">{t('settings.hotkeys.digits')}</p>
      <Flag path="phone.headsetButtons" label="settings.hotkeys.headset" />
      <TextField
        path="desktop.shortcuts.answer"
        label="settings.hotkeys.global.answer"
        invalid="validation.shortcut"
        disabled={!desktop}
      />
      <TextField
        path="desktop.shortcuts.hangUp"
        label="settings.hotkeys.global.hangUp"
        invalid="validation.shortcut"
        disabled={!desktop}
      />
      <p className="hint">{t('settings.hotkeys.global.hint')}</p>
    </SettingsSection>
  );
}
