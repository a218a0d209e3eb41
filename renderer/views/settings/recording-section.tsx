import { t } from '../../i18n/t';
import { Choice, NumberField, TextField } from './field-controls';

export function RecordingSection() {
  return (
    <fieldset>
      <legend>{t('settings.recording')}</legend>
      <Choice
        path="recording.mode"
        label="settings.recording.mode"
        options={[
          ['all', t('settings.recording.mode.all')],
          ['on-demand', t('settings.recording.mode.on-demand')],
          ['never', t('settings.recording.mode.never')],
        ]}
      />
      <Choice
        path="recording.consent"
        label="settings.recording.consent"
        options={[
          ['none', t('settings.recording.consent.none')],
          ['beep', t('settings.recording.consent.beep')],
        ]}
      />
      <NumberField path="recording.retentionDays" label="settings.recording.retentionDays" />
      <NumberField path="recording.maxDiskMb" label="settings.recording.maxDiskMb" />
      <TextField
        path="recording.transcriptionUrl"
        label="settings.recording.transcriptionUrl"
        invalid="validation.transcriptionUrl"
      />
    </fieldset>
  );
}
