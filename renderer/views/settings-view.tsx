import { useState, type FormEvent } from 'react';
import { settingsSchema, type Settings } from '../../common/settings/settings';
import { useServices } from '../app/app-services';
import { useApp } from '../store/app-store';
import { RelaySignIn } from './relay-sign-in';

interface Draft {
  wsUrl: string;
  domain: string;
  extension: string;
  password: string;
  displayName: string;
  callIdHeader: string;
  lineHeader: string;
  portalUrl: string;
  cardPolicy: Settings['cardPolicy'];
  defaultLineNumber: string;
}

function draftOf(settings: Settings): Draft {
  return {
    wsUrl: settings.sip?.wsUrl ?? '',
    domain: settings.sip?.domain ?? '',
    extension: settings.sip?.extension ?? '',
    password: settings.sip?.password ?? '',
    displayName: settings.sip?.displayName ?? '',
    callIdHeader: settings.sip?.callIdHeader ?? '',
    lineHeader: settings.sip?.lineHeader ?? '',
    portalUrl: settings.bitrix?.portalUrl ?? '',
    cardPolicy: settings.cardPolicy,
    defaultLineNumber: settings.defaultLineNumber,
  };
}

/** The draft as settings: an empty SIP or portal section means "not set up", not an error. */
function candidateOf(draft: Draft): unknown {
  const sipEmpty = !draft.wsUrl && !draft.domain && !draft.extension && !draft.password;
  return {
    sip: sipEmpty
      ? null
      : {
          wsUrl: draft.wsUrl,
          domain: draft.domain,
          extension: draft.extension,
          password: draft.password,
          displayName: draft.displayName,
          callIdHeader: draft.callIdHeader,
          lineHeader: draft.lineHeader,
        },
    bitrix: draft.portalUrl ? { portalUrl: draft.portalUrl } : null,
    cardPolicy: draft.cardPolicy,
    defaultLineNumber: draft.defaultLineNumber,
  };
}

export function SettingsView({ onDone }: { onDone: () => void }) {
  const { host, phone } = useServices();
  const settings = useApp((s) => s.settings);
  const setSettings = useApp((s) => s.setSettings);
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings ?? settingsSchema.parse({})));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<string | null>(null);

  const field = (name: keyof Draft, label: string, type = 'text') => (
    <label className="field">
      <span>{label}</span>
      <input
        type={type}
        value={draft[name]}
        aria-invalid={errors[name] ? true : undefined}
        onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
      />
      {errors[name] && <span className="field-error">{errors[name]}</span>}
    </label>
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = settingsSchema.safeParse(candidateOf(draft));
    if (!parsed.success) {
      const byField: Record<string, string> = {};
      for (const issue of parsed.error.issues) byField[String(issue.path.at(-1))] = issue.message;
      setErrors(byField);
      return;
    }
    setErrors({});
    try {
      const stored = await host.settings.save(parsed.data);
      setSettings(stored);
      await phone.useAccount(stored.sip);
      onDone();
    } catch (error) {
      setSaveError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <form className="view settings" aria-label="Settings" onSubmit={(event) => void submit(event)} noValidate>
      <fieldset>
        <legend>SIP account</legend>
        {field('wsUrl', 'PBX WebSocket URL')}
        {field('domain', 'SIP domain')}
        {field('extension', 'Extension')}
        {field('password', 'SIP password', 'password')}
        {field('displayName', 'Display name')}
        {field('callIdHeader', 'Header with the PBX call id (optional)')}
        {field('lineHeader', 'Header with the called line (optional)')}
      </fieldset>
      <fieldset>
        <legend>Bitrix24</legend>
        {field('portalUrl', 'Portal URL')}
        <RelaySignIn />
        <label className="field">
          <span>Show the call card</span>
          <select
            value={draft.cardPolicy}
            onChange={(event) =>
              setDraft({ ...draft, cardPolicy: event.target.value as Draft['cardPolicy'] })
            }
          >
            <option value="on-ring">when the call rings</option>
            <option value="on-answer">when I answer</option>
            <option value="never">never</option>
          </select>
        </label>
        {field('defaultLineNumber', 'Line number (when the PBX does not send one)')}
      </fieldset>
      {saveError && (
        <p role="alert" className="field-error">
          {saveError}
        </p>
      )}
      <div className="form-actions">
        <button type="submit">Save</button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
