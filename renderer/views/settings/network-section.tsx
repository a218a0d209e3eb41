import { t } from '../../i18n/t';
import { NumberField } from './field-controls';
import { IceServersField } from './ice-servers-field';

export function NetworkSection() {
  return (
    <fieldset>
      <legend>{t('settings.network')}</legend>
      <IceServersField />
      <NumberField path="phone.network.keepAliveSeconds" label="settings.network.keepAliveSeconds" />
      <NumberField
        path="phone.network.registerExpiresSeconds"
        label="settings.network.registerExpiresSeconds"
      />
    </fieldset>
  );
}
