import { RelaySignIn } from '../relay-sign-in';
import { cardPolicySchema } from '../../../common/settings/settings';
import { ValueChoice } from './choice-fields';
import { Flag } from './flag';
import { TextField } from './text-fields';
import { SettingsSection } from './settings-section';

export function BitrixSection() {
  return (
    <SettingsSection legend="settings.bitrix">
      <TextField path="bitrix.portalUrl" label="settings.bitrix.portalUrl" invalid="validation.portalUrl" />
      <ValueChoice path="cardPolicy" label="settings.bitrix.cardPolicy" values={cardPolicySchema.options} />
      <TextField path="defaultLineNumber" label="settings.bitrix.defaultLineNumber" />
      <Flag path="crmCreate.incoming" label="settings.bitrix.crmCreate.incoming" />
      <Flag path="crmCreate.outgoing" label="settings.bitrix.crmCreate.outgoing" />
      <Flag path="crmCreate.missed" label="settings.bitrix.crmCreate.missed" />
      <RelaySignIn />
    </SettingsSection>
  );
}
