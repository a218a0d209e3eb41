import type { CodecName } from '../../../common/settings/phone-settings';
import { ChoiceControl, optionsUnder, ValueChoice } from './choice-fields';
import { Flag } from './flag';
import { NumberField } from './text-fields';
import { SettingsSection } from './settings-section';
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
      options={optionsUnder('settings.calls.codecs', ['opus', 'g711'])}
      onChange={(choice) => set(choice === 'opus' ? opusFirst : g711First)}
      issue={issue}
    />
  );
}

export function CallsSection() {
  return (
    <SettingsSection legend="settings.calls">
      <Flag path="phone.dnd" label="settings.calls.dnd" />
      <Flag path="phone.callWaiting" label="settings.calls.callWaiting" />
      <Flag path="phone.autoAnswer.always" label="settings.calls.autoAnswer.always" />
      <Flag path="phone.autoAnswer.byHeader" label="settings.calls.autoAnswer.byHeader" />
      <NumberField path="phone.autoAnswer.delaySeconds" label="settings.calls.autoAnswer.delaySeconds" />
      <ValueChoice path="phone.dtmfMode" label="settings.calls.dtmfMode" values={['rfc4733', 'sip-info']} />
      <CodecPreference />
    </SettingsSection>
  );
}
