import {
  appLanguages,
  themeSettingSchema,
  type LanguageSetting,
} from '../../../common/settings/appearance-settings';
import { resolveLanguage } from '../../../common/i18n/resolve-language';
import { languageInfo } from '../../i18n/languages';
import { t } from '../../i18n/t';
import { Choice, ValueChoice } from './choice-fields';
import { SettingsSection } from './settings-section';

export function AppearanceSection() {
  return (
    <SettingsSection legend="settings.appearance">
      <Choice
        path="appearance.language"
        label="settings.appearance.language"
        options={[
          [
            'system',
            t('settings.appearance.language.system', {
              language: languageInfo[resolveLanguage('system', navigator.languages)].name,
            }),
          ],
          ...appLanguages.map((language): [LanguageSetting, string] => [
            language,
            languageInfo[language].complete
              ? languageInfo[language].name
              : t('settings.appearance.language.prepared', { language: languageInfo[language].name }),
          ]),
        ]}
      />
      <ValueChoice
        path="appearance.theme"
        label="settings.appearance.theme"
        values={themeSettingSchema.options}
      />
    </SettingsSection>
  );
}
