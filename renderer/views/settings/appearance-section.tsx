import { appLanguages, type LanguageSetting } from '../../../common/settings/appearance-settings';
import { resolveLanguage } from '../../../common/i18n/resolve-language';
import { languageInfo } from '../../i18n/languages';
import { t } from '../../i18n/t';
import { Choice } from './field-controls';

export function AppearanceSection() {
  return (
    <fieldset>
      <legend>{t('settings.appearance')}</legend>
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
      <Choice
        path="appearance.theme"
        label="settings.appearance.theme"
        options={[
          ['system', t('settings.appearance.theme.system')],
          ['light', t('settings.appearance.theme.light')],
          ['dark', t('settings.appearance.theme.dark')],
        ]}
      />
    </fieldset>
  );
}
