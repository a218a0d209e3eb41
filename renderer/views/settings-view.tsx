import { useState, type FormEvent } from 'react';
import type { core } from 'zod';
import { settingsSchema } from '../../common/settings/settings';
import { useServices } from '../app/app-services';
import { t } from '../i18n/t';
import { useApp } from '../store/app-store';
import { AppearanceSection } from './settings/appearance-section';
import { AudioSection } from './settings/audio-section';
import { BitrixSection } from './settings/bitrix-section';
import { CallsSection } from './settings/calls-section';
import { DesktopSection } from './settings/desktop-section';
import { DialRulesSection } from './settings/dial-rules-section';
import { HotkeysSection } from './settings/hotkeys-section';
import { NetworkSection } from './settings/network-section';
import { RecordingSection } from './settings/recording-section';
import { candidateOf, draftOf } from './settings/settings-draft';
import { SettingsFormContext } from './settings/settings-form';
import { SipAccountSection } from './settings/sip-account-section';

/**
 * The settings screen: the draft of the settings, edited by one section component per fieldset
 * (each field bound to its setting's path), checked by the schema and saved whole.
 */
export function SettingsView({ onDone }: { onDone: () => void }) {
  const { host, phone } = useServices();
  const settings = useApp((s) => s.settings);
  const setSettings = useApp((s) => s.setSettings);
  const [draft, setDraft] = useState(() => draftOf(settings ?? settingsSchema.parse({})));
  const [issues, setIssues] = useState<readonly core.$ZodIssue[]>([]);
  const [saveError, setSaveError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = settingsSchema.safeParse(candidateOf(draft));
    if (!parsed.success) {
      setIssues(parsed.error.issues);
      return;
    }
    setIssues([]);
    try {
      const stored = await host.settings.save(parsed.data);
      setSettings(stored);
      await phone.useSettings(stored);
      onDone();
    } catch (failure) {
      setSaveError(failure instanceof Error ? failure.message : String(failure));
    }
  };

  return (
    <SettingsFormContext.Provider value={{ draft, change: setDraft, issues }}>
      <form
        className="view settings"
        aria-label={t('settings.label')}
        onSubmit={(event) => void submit(event)}
        noValidate
      >
        <AppearanceSection />
        <SipAccountSection />
        <CallsSection />
        <AudioSection />
        <DialRulesSection />
        <NetworkSection />
        <BitrixSection />
        <RecordingSection />
        <HotkeysSection />
        <DesktopSection />
        {saveError && (
          <p role="alert" className="field-error">
            {saveError}
          </p>
        )}
        <div className="form-actions">
          <button type="submit">{t('settings.save')}</button>
          <button type="button" onClick={onDone}>
            {t('settings.cancel')}
          </button>
        </div>
      </form>
    </SettingsFormContext.Provider>
  );
}
