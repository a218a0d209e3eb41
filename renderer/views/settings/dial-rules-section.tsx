import { t } from '../../i18n/t';
import { Choice, Flag, NumberField, TextField } from './field-controls';

export function DialRulesSection() {
  return (
    <fieldset>
      <legend>{t('settings.dial')}</legend>
      <TextField
        path="phone.dialRules.defaultCountry"
        label="settings.dial.defaultCountry"
        invalid="validation.defaultCountry"
      />
      <NumberField path="phone.dialRules.internalMaxDigits" label="settings.dial.internalMaxDigits" />
      <TextField
        path="phone.dialRules.outsideLinePrefix"
        label="settings.dial.outsideLinePrefix"
        invalid="validation.outsideLinePrefix"
      />
      <Choice
        path="phone.dialRules.externalFormat"
        label="settings.dial.externalFormat"
        options={[
          ['e164', t('settings.dial.externalFormat.e164')],
          ['international-prefix', t('settings.dial.externalFormat.international-prefix')],
          ['national-at-home', t('settings.dial.externalFormat.national-at-home')],
        ]}
      />
      <TextField
        path="phone.dialRules.internationalPrefix"
        label="settings.dial.internationalPrefix"
        invalid="validation.internationalPrefix"
      />
      <Flag path="phone.dialLinksAtOnce" label="settings.dial.linksAtOnce" />
      <Flag path="phone.dialMobileClicks" label="settings.dial.mobileClicks" />
    </fieldset>
  );
}
