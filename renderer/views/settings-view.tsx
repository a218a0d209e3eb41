import { useState, type FormEvent, type ReactNode } from 'react';
import {
  appLanguages,
  type LanguageSetting,
  type ThemeSetting,
} from '../../common/settings/appearance-settings';
import type { CodecName, PhoneSettings } from '../../common/settings/phone-settings';
import { settingsSchema, type Settings } from '../../common/settings/settings';
import { useServices } from '../app/app-services';
import { resolveLanguage } from '../../common/i18n/resolve-language';
import { languageInfo } from '../i18n/languages';
import { t, type MessageKey } from '../i18n/t';
import { isDesktopHost } from '../host/connect-host';
import { shortcuts, type ShortcutAction } from '../app/shortcuts';
import type { AudioDevice } from '../phone/phone';
import { useApp } from '../store/app-store';
import { RelaySignIn } from './relay-sign-in';
import { settingsErrorText } from './settings-errors';

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
  crmCreateIncoming: boolean;
  crmCreateOutgoing: boolean;
  dnd: boolean;
  callWaiting: boolean;
  headsetButtons: boolean;
  dialLinksAtOnce: boolean;
  dialMobileClicks: boolean;
  always: boolean;
  byHeader: boolean;
  delaySeconds: string;
  dtmfMode: PhoneSettings['dtmfMode'];
  codecPreference: 'opus' | 'g711';
  microphoneId: string;
  speakerId: string;
  ringerId: string;
  echoCancellation: boolean;
  noiseSuppression: boolean;
  autoGainControl: boolean;
  ringtoneVolume: string;
  iceServers: string;
  keepAliveSeconds: string;
  registerExpiresSeconds: string;
  defaultCountry: string;
  internalMaxDigits: string;
  outsideLinePrefix: string;
  externalFormat: PhoneSettings['dialRules']['externalFormat'];
  internationalPrefix: string;
  recordingMode: Settings['recording']['mode'];
  recordingConsent: Settings['recording']['consent'];
  retentionDays: string;
  maxDiskMb: string;
  transcriptionUrl: string;
  language: LanguageSetting;
  theme: ThemeSetting;
  bringToFrontOnRing: boolean;
  launchAtLogin: boolean;
  answerShortcut: string;
  hangUpShortcut: string;
  updateUrl: string;
}

type TextField = { [K in keyof Draft]: Draft[K] extends string ? K : never }[keyof Draft];
type FlagField = { [K in keyof Draft]: Draft[K] extends boolean ? K : never }[keyof Draft];

const opusFirst: CodecName[] = ['opus', 'PCMA', 'PCMU'];
const g711First: CodecName[] = ['PCMA', 'PCMU', 'opus'];

function draftOf(settings: Settings): Draft {
  const phone = settings.phone;
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
    crmCreateIncoming: settings.crmCreate.incoming,
    crmCreateOutgoing: settings.crmCreate.outgoing,
    dnd: phone.dnd,
    callWaiting: phone.callWaiting,
    headsetButtons: phone.headsetButtons,
    dialLinksAtOnce: phone.dialLinksAtOnce,
    dialMobileClicks: phone.dialMobileClicks,
    always: phone.autoAnswer.always,
    byHeader: phone.autoAnswer.byHeader,
    delaySeconds: String(phone.autoAnswer.delaySeconds),
    dtmfMode: phone.dtmfMode,
    codecPreference: phone.codecs[0] === 'opus' ? 'opus' : 'g711',
    microphoneId: phone.audio.microphoneId,
    speakerId: phone.audio.speakerId,
    ringerId: phone.audio.ringerId,
    echoCancellation: phone.audio.echoCancellation,
    noiseSuppression: phone.audio.noiseSuppression,
    autoGainControl: phone.audio.autoGainControl,
    ringtoneVolume: String(Math.round(phone.audio.ringtoneVolume * 100)),
    iceServers: phone.network.iceServers
      .map((server) => [server.urls, server.username, server.credential].filter(Boolean).join(' '))
      .join('\n'),
    keepAliveSeconds: String(phone.network.keepAliveSeconds),
    registerExpiresSeconds: String(phone.network.registerExpiresSeconds),
    defaultCountry: phone.dialRules.defaultCountry,
    internalMaxDigits: String(phone.dialRules.internalMaxDigits),
    outsideLinePrefix: phone.dialRules.outsideLinePrefix,
    externalFormat: phone.dialRules.externalFormat,
    internationalPrefix: phone.dialRules.internationalPrefix,
    recordingMode: settings.recording.mode,
    recordingConsent: settings.recording.consent,
    retentionDays: String(settings.recording.retentionDays),
    maxDiskMb: String(settings.recording.maxDiskMb),
    transcriptionUrl: settings.recording.transcriptionUrl,
    language: settings.appearance.language,
    theme: settings.appearance.theme,
    bringToFrontOnRing: settings.desktop.bringToFrontOnRing,
    launchAtLogin: settings.desktop.launchAtLogin,
    answerShortcut: settings.desktop.shortcuts.answer,
    hangUpShortcut: settings.desktop.shortcuts.hangUp,
    updateUrl: settings.desktop.updateUrl,
  };
}

/** A number field's text as the schema sees it: a number when it reads as one, else the text (refused). */
function numeric(value: string): number | string {
  return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
}

/** The draft as settings: an empty SIP or portal section means "not set up", not an error. */
function candidateOf(draft: Draft, base: Settings): unknown {
  const sipEmpty = !draft.wsUrl && !draft.domain && !draft.extension && !draft.password;
  return {
    ...base,
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
    crmCreate: { incoming: draft.crmCreateIncoming, outgoing: draft.crmCreateOutgoing },
    recording: {
      mode: draft.recordingMode,
      consent: draft.recordingConsent,
      retentionDays: numeric(draft.retentionDays),
      maxDiskMb: numeric(draft.maxDiskMb),
      transcriptionUrl: draft.transcriptionUrl,
    },
    appearance: { language: draft.language, theme: draft.theme },
    desktop: {
      bringToFrontOnRing: draft.bringToFrontOnRing,
      launchAtLogin: draft.launchAtLogin,
      shortcuts: { answer: draft.answerShortcut, hangUp: draft.hangUpShortcut },
      updateUrl: draft.updateUrl,
    },
    phone: {
      dnd: draft.dnd,
      callWaiting: draft.callWaiting,
      headsetButtons: draft.headsetButtons,
      dialLinksAtOnce: draft.dialLinksAtOnce,
      dialMobileClicks: draft.dialMobileClicks,
      autoAnswer: {
        always: draft.always,
        byHeader: draft.byHeader,
        delaySeconds: numeric(draft.delaySeconds),
      },
      dtmfMode: draft.dtmfMode,
      codecs: draft.codecPreference === 'opus' ? opusFirst : g711First,
      audio: {
        microphoneId: draft.microphoneId,
        speakerId: draft.speakerId,
        ringerId: draft.ringerId,
        echoCancellation: draft.echoCancellation,
        noiseSuppression: draft.noiseSuppression,
        autoGainControl: draft.autoGainControl,
        ringtoneVolume: Number(draft.ringtoneVolume) / 100,
      },
      network: {
        iceServers: draft.iceServers
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .map((line) => {
            const [urls = '', username = '', credential = ''] = line.split(/\s+/);
            return { urls, username, credential };
          }),
        keepAliveSeconds: numeric(draft.keepAliveSeconds),
        registerExpiresSeconds: numeric(draft.registerExpiresSeconds),
      },
      dialRules: {
        defaultCountry: draft.defaultCountry,
        internalMaxDigits: numeric(draft.internalMaxDigits),
        outsideLinePrefix: draft.outsideLinePrefix,
        externalFormat: draft.externalFormat,
        internationalPrefix: draft.internationalPrefix,
      },
    },
  };
}

/** Error messages by draft field (the schema's path ends differ from the draft's names here and there). */
const fieldOfPath: Record<string, keyof Draft> = {
  urls: 'iceServers',
  portalUrl: 'portalUrl',
  mode: 'recordingMode',
  answer: 'answerShortcut',
  hangUp: 'hangUpShortcut',
};

/** The window's shortcuts as the Hotkeys section lists them. */
const shortcutNames: Record<ShortcutAction, MessageKey> = {
  answer: 'shortcut.answer',
  decline: 'shortcut.decline',
  hangup: 'shortcut.hangup',
  hold: 'shortcut.hold',
  mute: 'shortcut.mute',
  keypad: 'shortcut.keypad',
  transfer: 'shortcut.transfer',
  newNumber: 'shortcut.newNumber',
  redial: 'shortcut.redial',
};

export function SettingsView({ onDone }: { onDone: () => void }) {
  const { host, phone } = useServices();
  const settings = useApp((s) => s.settings);
  const devices = useApp((s) => s.devices);
  const setSettings = useApp((s) => s.setSettings);
  const base = settings ?? settingsSchema.parse({});
  const [draft, setDraft] = useState<Draft>(() => draftOf(base));
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const desktop = isDesktopHost();

  const error = (name: keyof Draft) => errors[name] && <span className="field-error">{errors[name]}</span>;

  const field = (name: TextField, label: MessageKey, type = 'text', disabled = false) => (
    <label className="field">
      <span>{t(label)}</span>
      <input
        type={type}
        disabled={disabled}
        value={draft[name]}
        aria-invalid={errors[name] ? true : undefined}
        onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
      />
      {error(name)}
    </label>
  );

  const flag = (name: FlagField, label: MessageKey, disabled = false) => (
    <label className="check">
      <input
        type="checkbox"
        disabled={disabled}
        checked={draft[name]}
        onChange={(event) => setDraft({ ...draft, [name]: event.target.checked })}
      />
      <span>{t(label)}</span>
    </label>
  );

  const choice = (name: TextField, label: MessageKey, options: Array<[string, string]>): ReactNode => (
    <label className="field">
      <span>{t(label)}</span>
      <select value={draft[name]} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      {error(name)}
    </label>
  );

  const deviceOptions = (list: AudioDevice[]): Array<[string, string]> => [
    ['', t('settings.audio.default')],
    ...list
      .filter((device) => device.id !== 'default')
      .map((device, index): [string, string] => [
        device.id,
        device.label || t('settings.audio.unnamed', { index: index + 1 }),
      ]),
  ];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = settingsSchema.safeParse(candidateOf(draft, base));
    if (!parsed.success) {
      const byField: Partial<Record<keyof Draft, string>> = {};
      for (const issue of parsed.error.issues) {
        const last = String(issue.path.at(-1));
        const name = fieldOfPath[last] ?? (last in draft ? (last as keyof Draft) : undefined);
        if (name) byField[name] ??= settingsErrorText(name, issue);
      }
      setErrors(byField);
      return;
    }
    setErrors({});
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
    <form
      className="view settings"
      aria-label={t('settings.label')}
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <fieldset>
        <legend>{t('settings.appearance')}</legend>
        {choice('language', 'settings.appearance.language', [
          [
            'system',
            t('settings.appearance.language.system', {
              language: languageInfo[resolveLanguage('system', navigator.languages)].name,
            }),
          ],
          ...appLanguages.map((language): [string, string] => [
            language,
            languageInfo[language].complete
              ? languageInfo[language].name
              : t('settings.appearance.language.prepared', { language: languageInfo[language].name }),
          ]),
        ])}
        {choice('theme', 'settings.appearance.theme', [
          ['system', t('settings.appearance.theme.system')],
          ['light', t('settings.appearance.theme.light')],
          ['dark', t('settings.appearance.theme.dark')],
        ])}
      </fieldset>
      <fieldset>
        <legend>{t('settings.sip')}</legend>
        {field('wsUrl', 'settings.sip.wsUrl')}
        {field('domain', 'settings.sip.domain')}
        {field('extension', 'settings.sip.extension')}
        {field('password', 'settings.sip.password', 'password')}
        {field('displayName', 'settings.sip.displayName')}
        {field('callIdHeader', 'settings.sip.callIdHeader')}
        {field('lineHeader', 'settings.sip.lineHeader')}
      </fieldset>
      <fieldset>
        <legend>{t('settings.calls')}</legend>
        {flag('dnd', 'settings.calls.dnd')}
        {flag('callWaiting', 'settings.calls.callWaiting')}
        {flag('always', 'settings.calls.autoAnswer.always')}
        {flag('byHeader', 'settings.calls.autoAnswer.byHeader')}
        {field('delaySeconds', 'settings.calls.autoAnswer.delaySeconds', 'number')}
        {choice('dtmfMode', 'settings.calls.dtmfMode', [
          ['rfc4733', t('settings.calls.dtmfMode.rfc4733')],
          ['sip-info', t('settings.calls.dtmfMode.sip-info')],
        ])}
        {choice('codecPreference', 'settings.calls.codecs', [
          ['opus', t('settings.calls.codecs.opus')],
          ['g711', t('settings.calls.codecs.g711')],
        ])}
      </fieldset>
      <fieldset>
        <legend>{t('settings.audio')}</legend>
        {choice('microphoneId', 'settings.audio.microphone', deviceOptions(devices.microphones))}
        {devices.outputSelectable &&
          choice('speakerId', 'settings.audio.speaker', deviceOptions(devices.speakers))}
        {devices.outputSelectable &&
          choice('ringerId', 'settings.audio.ringer', deviceOptions(devices.speakers))}
        <label className="field">
          <span>{t('settings.audio.ringtoneVolume')}</span>
          <input
            type="range"
            min={0}
            max={100}
            value={draft.ringtoneVolume}
            onChange={(event) => setDraft({ ...draft, ringtoneVolume: event.target.value })}
          />
        </label>
        {flag('echoCancellation', 'settings.audio.echoCancellation')}
        {flag('noiseSuppression', 'settings.audio.noiseSuppression')}
        {flag('autoGainControl', 'settings.audio.autoGainControl')}
      </fieldset>
      <fieldset>
        <legend>{t('settings.dial')}</legend>
        {field('defaultCountry', 'settings.dial.defaultCountry')}
        {field('internalMaxDigits', 'settings.dial.internalMaxDigits', 'number')}
        {field('outsideLinePrefix', 'settings.dial.outsideLinePrefix')}
        {choice('externalFormat', 'settings.dial.externalFormat', [
          ['e164', t('settings.dial.externalFormat.e164')],
          ['international-prefix', t('settings.dial.externalFormat.international-prefix')],
          ['national-at-home', t('settings.dial.externalFormat.national-at-home')],
        ])}
        {field('internationalPrefix', 'settings.dial.internationalPrefix')}
        {flag('dialLinksAtOnce', 'settings.dial.linksAtOnce')}
        {flag('dialMobileClicks', 'settings.dial.mobileClicks')}
      </fieldset>
      <fieldset>
        <legend>{t('settings.network')}</legend>
        <label className="field">
          <span>{t('settings.network.iceServers')}</span>
          <textarea
            rows={2}
            value={draft.iceServers}
            aria-invalid={errors.iceServers ? true : undefined}
            onChange={(event) => setDraft({ ...draft, iceServers: event.target.value })}
          />
          {error('iceServers')}
        </label>
        {field('keepAliveSeconds', 'settings.network.keepAliveSeconds', 'number')}
        {field('registerExpiresSeconds', 'settings.network.registerExpiresSeconds', 'number')}
      </fieldset>
      <fieldset>
        <legend>{t('settings.bitrix')}</legend>
        {field('portalUrl', 'settings.bitrix.portalUrl')}
        {choice('cardPolicy', 'settings.bitrix.cardPolicy', [
          ['on-ring', t('settings.bitrix.cardPolicy.on-ring')],
          ['on-answer', t('settings.bitrix.cardPolicy.on-answer')],
          ['never', t('settings.bitrix.cardPolicy.never')],
        ])}
        {field('defaultLineNumber', 'settings.bitrix.defaultLineNumber')}
        {flag('crmCreateIncoming', 'settings.bitrix.crmCreate.incoming')}
        {flag('crmCreateOutgoing', 'settings.bitrix.crmCreate.outgoing')}
        <RelaySignIn />
      </fieldset>
      <fieldset>
        <legend>{t('settings.recording')}</legend>
        {choice('recordingMode', 'settings.recording.mode', [
          ['all', t('settings.recording.mode.all')],
          ['on-demand', t('settings.recording.mode.on-demand')],
          ['never', t('settings.recording.mode.never')],
        ])}
        {choice('recordingConsent', 'settings.recording.consent', [
          ['none', t('settings.recording.consent.none')],
          ['beep', t('settings.recording.consent.beep')],
        ])}
        {field('retentionDays', 'settings.recording.retentionDays', 'number')}
        {field('maxDiskMb', 'settings.recording.maxDiskMb', 'number')}
        {field('transcriptionUrl', 'settings.recording.transcriptionUrl')}
      </fieldset>
      <fieldset>
        <legend>{t('settings.hotkeys')}</legend>
        <p className="field-label">{t('settings.hotkeys.window')}</p>
        <dl className="hotkeys">
          {(Object.keys(shortcuts) as ShortcutAction[]).map((action) => (
            <div key={action}>
              <dt>{t(shortcutNames[action])}</dt>
              <dd>
                <kbd>{shortcuts[action]}</kbd>
              </dd>
            </div>
          ))}
        </dl>
        <p className="hint">{t('settings.hotkeys.digits')}</p>
        {flag('headsetButtons', 'settings.hotkeys.headset')}
        {field('answerShortcut', 'settings.hotkeys.global.answer', 'text', !desktop)}
        {field('hangUpShortcut', 'settings.hotkeys.global.hangUp', 'text', !desktop)}
        <p className="hint">{t('settings.hotkeys.global.hint')}</p>
      </fieldset>
      <fieldset>
        <legend>{t('settings.desktop')}</legend>
        {!desktop && <p className="hint">{t('settings.desktop.web-host')}</p>}
        {flag('bringToFrontOnRing', 'settings.desktop.bringToFrontOnRing', !desktop)}
        {flag('launchAtLogin', 'settings.desktop.launchAtLogin', !desktop)}
        {field('updateUrl', 'settings.desktop.updateUrl', 'url', !desktop)}
      </fieldset>
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
  );
}
