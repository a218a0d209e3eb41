import { recordingConsentSchema, recordingModeSchema } from '../../../common/settings/recording-settings';
import { ValueChoice } from './choice-fields';
import { NumberField, TextField } from './text-fields';
import { SettingsSection } from './settings-section';

export function RecordingSection() {
  return (
    <SettingsSection legend="settings.recording">
      <ValueChoice
        path="recording.mode"
        label="settings.recording.mode"
        values={recordingModeSchema.options}
      />
      <ValueChoice
        path="recording.consent"
        label="settings.recording.consent"
        values={recordingConsentSchema.options}
      />
      <NumberField path="recording.retentionDays" label="settings.recording.retentionDays" />
      <NumberField path="recording.maxDiskMb" label="settings.recording.maxDiskMb" />
      <TextField
        path="recording.transcriptionUrl"
        label="settings.recording.transcriptionUrl"
        invalid="validation.transcriptionUrl"
      />
    </SettingsSection>
  );
}
