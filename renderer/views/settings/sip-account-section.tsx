import { TextField } from './text-fields';
import { SettingsSection } from './settings-section';

export function SipAccountSection() {
  return (
    <SettingsSection legend="settings.sip">
      <TextField path="sip.wsUrl" label="settings.sip.wsUrl" invalid="validation.wsUrl" />
      <TextField path="sip.domain" label="settings.sip.domain" invalid="validation.domain" />
      <TextField path="sip.extension" label="settings.sip.extension" invalid="validation.extension" />
      <TextField path="sip.password" label="settings.sip.password" type="password" />
      <TextField path="sip.displayName" label="settings.sip.displayName" />
      <TextField path="sip.callIdHeader" label="settings.sip.callIdHeader" invalid="validation.header" />
      <TextField path="sip.lineHeader" label="settings.sip.lineHeader" invalid="validation.header" />
    </SettingsSection>
  );
}
