import { t } from '../../i18n/t';
import { RelaySignIn } from '../relay-sign-in';
import { Choice, Flag, TextField } from './field-controls';

export function BitrixSection() {
  return (
    <fieldset>
      <legend>{t('settings.bitrix')}</legend>
      <TextField path="bitrix.portalUrl" label="settings.bitrix.portalUrl" invalid="validation.portalUrl" />
      <Choice
        path="cardPolicy"
        label="settings.bitrix.cardPolicy"
        options={[
          ['on-ring', t('settings.bitrix.cardPolicy.on-ring')],
          ['on-answer', t('settings.bitrix.cardPolicy.on-answer')],
          ['never', t('settings.bitrix.cardPolicy.never')],
        ]}
      />
      <TextField path="defaultLineNumber" label="settings.bitrix.defaultLineNumber" />
      <Flag path="crmCreate.incoming" label="settings.bitrix.crmCreate.incoming" />
      <Flag path="crmCreate.outgoing" label="settings.bitrix.crmCreate.outgoing" />
      <RelaySignIn />
    </fieldset>
  );
}
