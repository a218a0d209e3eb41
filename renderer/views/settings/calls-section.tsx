import type { CodecName } from '../../../common/settings/phone-settings';
import { t } from '../../i18n/t';
import { Choice, ChoiceControl, Flag, NumberField } from './field-controls';
import { useSetting } from './settings-form';

const opusFirst: CodecName[] = ['opus', 'PCMA', 'PCMU'];
const g711First: CodecName[] = ['PCMA', 'PCMU', 'opus'];

/** The codec order, offered as the two choices that matter: Opus first, or G.711 first. */
function CodecPreference() {
  const { value, set, issue } = useSetting('phone.codecs');
  return (
    <ChoiceControl
      label="settings.calls.codecs"
      value={value[0] === 'opus' ? 'opus' : 'g711'}
      options={[
        ['opus', t('settings.calls.codecs.opus')],
        ['g711', t('settings.calls.codecs.g711')],
      ]}
      onChange={(choice) => set(choice === 'opus' ? opusFirst : g711First)}
      issue={issue}
    />
  );
}

export function CallsSection() {
  return (
    <fieldset>
      <legend>{t('settings.calls')}</legend>
      <Flag path="phone.dnd" label="settings.calls.dnd" />
      <Flag path="phone.callWaiting" label="settings.calls.callWaiting" />
      <Flag path="phone.autoAnswer.always" label="settings.calls.autoAnswer.always" />
      <Flag path="phone.autoAnswer.byHeader" label="settings.calls.autoAnswer.byHeader" />
      <NumberField path="phone.autoAnswer.delaySeconds" label="settings.calls.autoAnswer.delaySeconds" />
      <Choice
        path="phone.dtmfMode"
        label="settings.calls.dtmfMode"
        options={[
          ['rfc4733', t('settings.calls.dtmfMode.rfc4733')],
          ['sip-info', t('settings.calls.dtmfMode.sip-info')],
        ]}
      />
      <CodecPreference />
    </fieldset>
  );
}
