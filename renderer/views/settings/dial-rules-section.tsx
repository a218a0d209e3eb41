import { ValueChoice } from './choice-fields';
import { Flag } from './flag';
import { NumberField, TextField } from './text-fields';
import { SettingsSection } from './settings-section';

export function DialRulesSection() {
  return (
    <SettingsSection legend="settings.dial">
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
      <ValueChoice
        path="phone.dialRules.externalFormat"
        label="settings.dial.externalFormat"
        values={['e164', 'international-prefix', 'national-at-home']}
      />
      <TextField
        path="phone.dialRules.internationalPrefix"
        label="settings.dial.internationalPrefix"
        invalid="validation.internationalPrefix"
      />
      <Flag path="phone.dialLinksAtOnce" label="settings.dial.linksAtOnce" />
      <Flag path="phone.dialMobileClicks" label="settings.dial.mobileClicks" />
    </SettingsSection>
  );
}
