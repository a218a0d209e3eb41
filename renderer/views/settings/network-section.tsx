import { NumberField } from './text-fields';
import { IceServersField } from './ice-servers-field';
import { SettingsSection } from './settings-section';

export function NetworkSection() {
  return (
    <SettingsSection legend="settings.network">
      <IceServersField />
      <NumberField path="phone.network.keepAliveSeconds" label="settings.network.keepAliveSeconds" />
      <NumberField
        path="phone.network.registerExpiresSeconds"
        label="settings.network.registerExpiresSeconds"
      />
    </SettingsSection>
  );
}
