import { useState, type FormEvent } from 'react';
import { useServices } from '../app/app-services';
import { shortcuts } from '../app/shortcuts';
import { useNow } from '../app/use-now';
import { t } from '../i18n/t';
import { isConnected } from '../phone/leg-phase';
import type { PhoneCall } from '../phone/phone';
import { useApp } from '../store/app-store';
import { liveCalls } from '../store/phone-slice';
import { RelayCallNote } from '../relay/relay-call-note';
import { CallerCard } from './caller-card';
import { Dialpad, keypadKeys, refusalText } from './dialpad';
import { Icon, type IconName } from '../theme/icons';
import { QualityPanel } from './quality-panel';
import { TransferToResponsible } from './transfer-to-responsible';
import { elapsed, noticeText, phaseText, withShortcut } from './text';

const recordIcon: Record<'off' | 'recording' | 'paused', IconName> = {
  off: 'record',
  recording: 'pause',
  paused: 'record',
};

/** The call being talked on (or dialled, or held): its state, its controls, its quality. */
export function InCallView({ call }: { call: PhoneCall }) {
  const { phone } = useServices();
  const panel = useApp((s) => s.callPanel);
  const toggle = useApp((s) => s.toggleCallPanel);
  const calls = useApp((s) => s.calls);
  const others = liveCalls(calls).filter((other) => other.id !== call.id);
  const consultationOf = useApp((s) => (call.consultationFor ? s.calls[call.consultationFor] : undefined));
  const now = useNow(500, isConnected(call.phase));
  const connected = isConnected(call.phase);
  const held = call.phase === 'held';
  const connectedOthers = others.filter((other) => isConnected(other.phase));
  const canConference = connected && !call.conference && connectedOthers.length > 0 && !call.consultationFor;
  const recordingMode = useApp((s) => s.settings?.recording.mode ?? 'never');
  const recording = useApp((s) => s.recordingStatus[call.id] ?? 'off');
  const hangupLabel = call.phase === 'calling' ? t('action.cancel-call') : t('action.hangup');

  return (
    <section className="view in-call" aria-label={t('call.in-progress')}>
      <p className={`call-label phase-${call.phase}`} role="status" aria-live="polite">
        {phaseText(call)}
      </p>
      <CallerCard call={call} size="compact" />
      <RelayCallNote call={call} />
      <p className="call-timer" aria-label={t('call.talk-time')}>
        {call.answeredAt ? elapsed(call.answeredAt, now) : '0:00'}
      </p>
      {call.remoteHold && <p className="call-note">{t('call.remote-hold')}</p>}
      {call.signalling !== 'ok' && (
        <p className="call-note warning" role="status">
          {t(call.signalling === 'lost' ? 'call.signalling-lost' : 'call.signalling-restoring')}
        </p>
      )}
      {consultationOf && (
        <p className="call-note">{t('call.consultation', { number: consultationOf.remoteNumber })}</p>
      )}
      {call.transfer && (
        <p className="call-note" role="status">
          {call.transfer.kind === 'attended' && call.transfer.status === 'consulting'
            ? t('transfer.consulting', { target: call.transfer.target })
            : t('transfer.requesting', { target: call.transfer.target })}
        </p>
      )}
      {call.notice && (
        <p className="call-notice" role="alert">
          {noticeText(call.notice)}
        </p>
      )}

      <div className="call-controls" role="toolbar" aria-label={t('call.in-progress')}>
        <button
          type="button"
          aria-pressed={call.muted}
          disabled={!connected}
          aria-keyshortcuts={shortcuts.mute}
          title={withShortcut(t(call.muted ? 'action.unmute' : 'action.mute'), shortcuts.mute)}
          onClick={() => phone.phone.setMuted(call.id, !call.muted)}
        >
          <Icon name={call.muted ? 'micOff' : 'mic'} />
          {t(call.muted ? 'action.unmute' : 'action.mute')}
        </button>
        <button
          type="button"
          aria-pressed={held}
          disabled={!connected || call.pending !== undefined || call.conference}
          aria-keyshortcuts={shortcuts.hold}
          title={withShortcut(t(held ? 'action.resume' : 'action.hold'), shortcuts.hold)}
          onClick={() => void (held ? phone.phone.resume(call.id) : phone.phone.hold(call.id))}
        >
          <Icon name={held ? 'play' : 'pause'} />
          {t(held ? 'action.resume' : 'action.hold')}
        </button>
        <button
          type="button"
          aria-expanded={panel === 'keypad'}
          disabled={!connected}
          aria-keyshortcuts={shortcuts.keypad}
          title={withShortcut(t('action.keypad'), shortcuts.keypad)}
          onClick={() => toggle('keypad')}
        >
          <Icon name="keypad" />
          {t('action.keypad')}
        </button>
        <button
          type="button"
          aria-expanded={panel === 'transfer'}
          disabled={!connected || call.transfer !== undefined || call.conference}
          aria-keyshortcuts={shortcuts.transfer}
          title={withShortcut(t('action.transfer'), shortcuts.transfer)}
          onClick={() => toggle('transfer')}
        >
          <Icon name="transfer" />
          {t('action.transfer')}
        </button>
        <button
          type="button"
          aria-expanded={panel === 'add-call'}
          disabled={!connected}
          onClick={() => toggle('add-call')}
        >
          <Icon name="plus" />
          {t('action.add-call')}
        </button>
        {canConference && (
          <button
            type="button"
            onClick={() => void phone.phone.conference([call.id, ...connectedOthers.map((o) => o.id)])}
          >
            <Icon name="users" />
            {t('action.conference')}
          </button>
        )}
        {call.conference && (
          <button type="button" onClick={() => void phone.phone.splitConference(call.id)}>
            <Icon name="split" />
            {t('action.split')}
          </button>
        )}
        {recordingMode !== 'never' && (
          <button
            type="button"
            aria-pressed={recording === 'recording'}
            disabled={!connected}
            onClick={() => void phone.recorder.toggle(call.id)}
          >
            <Icon
              name={recordIcon[recording]}
              className={recording === 'recording' ? undefined : 'record-icon'}
            />
            {t(
              recording === 'off'
                ? 'action.record'
                : recording === 'recording'
                  ? 'action.pause-recording'
                  : 'action.resume-recording',
            )}
          </button>
        )}
      </div>
      {recording !== 'off' && (
        <p className="call-note recording-indicator" role="status" aria-label={t('call.recording-status')}>
          {t(recording === 'recording' ? 'call.recording' : 'call.recording-paused')}
        </p>
      )}

      {call.consultationFor && connected && (
        <div className="call-actions">
          <button type="button" className="answer" onClick={() => void phone.phone.completeTransfer(call.id)}>
            {t('transfer.complete')}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => void phone.phone.cancelConsultation(call.id)}
          >
            {t('transfer.cancel-consult')}
          </button>
        </div>
      )}

      {panel === 'keypad' && connected && <DtmfKeypad call={call} />}
      {panel === 'transfer' && connected && !call.transfer && <TransferPanel call={call} />}
      {panel === 'add-call' && connected && (
        <Dialpad label={t('add-call.label')} onDialled={(id) => phone.focus(id)} />
      )}

      <div className="call-actions">
        <button
          type="button"
          className="hangup"
          aria-keyshortcuts={shortcuts.hangup}
          title={withShortcut(hangupLabel, shortcuts.hangup)}
          onClick={() => void phone.phone.hangup(call.id)}
        >
          <Icon name="phone" className="hang-up-icon" />
          {hangupLabel}
        </button>
      </div>

      {connected && <QualityPanel call={call} />}
    </section>
  );
}

function DtmfKeypad({ call }: { call: PhoneCall }) {
  const { phone } = useServices();
  const [sent, setSent] = useState('');
  const send = (key: string) => {
    setSent((previous) => (previous + key).slice(-24));
    void phone.phone.sendDtmf(call.id, key);
  };
  return (
    <div className="keypad dtmf" role="group" aria-label={t('keypad.label')}>
      {keypadKeys.map((key) => (
        <button key={key} type="button" aria-label={t('dialpad.key', { key })} onClick={() => send(key)}>
          {key}
        </button>
      ))}
      <p className="dtmf-sent" aria-live="polite">
        {sent && t('keypad.sent', { digits: sent })}
      </p>
    </div>
  );
}

function TransferPanel({ call }: { call: PhoneCall }) {
  const { phone } = useServices();
  const [target, setTarget] = useState('');
  const refusal = useApp((s) => s.dialRefusal);
  const setPanel = useApp((s) => s.setCallPanel);
  const blind = async (event: FormEvent) => {
    event.preventDefault();
    if (await phone.blindTransfer(call.id, target)) setPanel(null);
  };
  return (
    <form
      className="transfer-panel"
      aria-label={t('transfer.label')}
      onSubmit={(event) => void blind(event)}
      noValidate
    >
      <label className="field">
        <span>{t('transfer.target')}</span>
        <input
          type="tel"
          autoComplete="off"
          value={target}
          aria-invalid={refusal ? true : undefined}
          onChange={(event) => setTarget(event.target.value)}
        />
      </label>
      {refusal && (
        <p role="alert" className="field-error">
          {refusalText(refusal)}
        </p>
      )}
      <div className="call-actions">
        <button type="submit" className="secondary">
          {t('transfer.blind')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() =>
            void phone.consult(call.id, target).then((id) => {
              if (id) setPanel(null);
            })
          }
        >
          {t('transfer.consult')}
        </button>
        <TransferToResponsible call={call} />
      </div>
    </form>
  );
}
