import { isDesktopHost } from '../../host/connect-host';
import { t } from '../../i18n/t';
import { Flag } from './flag';
import { TextField } from './text-fields';
import { SettingsSection } from './settings-section';

export function DesktopSection() {
  const desktop = isDesktopHost();
  return (
    <SettingsSection legend="settings.desktop">
      {!desktop && <p className="hint">{t('settings.desktop.web-host')}</p>}
      <Flag
        path="desktop.bringToFrontOnRing"
        label="settings.desktop.bringToFrontOnRing"
        disabled={!desktop}
      />
      <Flag path="desktop.launchAtLogin" label="settings.desktop.launchAtLogin" disabled={!desktop} />
      <TextField
        path="desktop.updateUrl"
        label="settings.desktop.updateUrl"
        type="url"
        invalid="validation.updateUrl"
        disabled={!desktop}
      />
    </SettingsSection>
  );
}
