import { t } from '../../i18n/t';
import type { AudioDevice } from '../../phone/phone';
import { useApp } from '../../store/app-store';
import { Choice, type Options } from './choice-fields';
import { Flag } from './flag';
import { SettingsSection } from './settings-section';
import { useSetting } from './settings-form';

/** The system default first, then the devices the browser lists (its own "default" entry is that). */
function deviceOptions(list: AudioDevice[]): Options {
  return [
    ['', t('settings.audio.default')],
    ...list
      .filter((device) => device.id !== 'default')
      .map((device, index): [string, string] => [
        device.id,
        device.label || t('settings.audio.unnamed', { index: index + 1 }),
      ]),
  ];
}

/** The ringtone's volume, stored 0..1, moved in percent. */
function RingtoneVolume() {
  const { value, set } = useSetting('phone.audio.ringtoneVolume');
  return (
    <label className="field">
      <span>{t('settings.audio.ringtoneVolume')}</span>
      <input
        type="range"
        min={0}
        max={100}
        value={String(Math.round(Number(value) * 100))}
        onChange={(event) => set(Number(event.target.value) / 100)}
      />
    </label>
  );
}

export function AudioSection() {
  const devices = useApp((s) => s.devices);
  return (
    <SettingsSection legend="settings.audio">
      <Choice
        path="phone.audio.microphoneId"
        label="settings.audio.microphone"
        options={deviceOptions(devices.microphones)}
      />
      {devices.outputSelectable && (
        <Choice
          path="phone.audio.speakerId"
          label="settings.audio.speaker"
          options={deviceOptions(devices.speakers)}
        />
      )}
      {devices.outputSelectable && (
        <Choice
          path="phone.audio.ringerId"
          label="settings.audio.ringer"
          options={deviceOptions(devices.speakers)}
        />
      )}
      <RingtoneVolume />
      <Flag path="phone.audio.echoCancellation" label="settings.audio.echoCancellation" />
      <Flag path="phone.audio.noiseSuppression" label="settings.audio.noiseSuppression" />
      <Flag path="phone.audio.autoGainControl" label="settings.audio.autoGainControl" />
    </SettingsSection>
  );
}
