import type { BitrixLink, RelayLinkStatus } from '../../common/host-api/host-status';
import { useServices } from '../app/app-services';
import { useNow } from '../app/use-now';
import type { ReactNode } from 'react';
import { t, type MessageKey } from '../i18n/t';
import { useApp } from '../store/app-store';
import { registrationText, type Tone } from './text';

function bitrixText(link: BitrixLink | undefined): { text: string; tone: Tone } {
  switch (link?.state) {
    case undefined:
      return { text: t('bitrix.status.loading'), tone: 'busy' };
    case 'not-configured':
      return { text: t('bitrix.status.not-configured'), tone: 'off' };
    case 'connected':
      return { text: t('bitrix.status.connected', { portal: link.portal, userId: link.userId }), tone: 'ok' };
    case 'error':
      return { text: t('bitrix.status.error', { message: link.message }), tone: 'bad' };
    case 'sign-in-required':
      return { text: t('bitrix.status.sign-in', { message: link.message }), tone: 'bad' };
  }
}

function relayText(relay: RelayLinkStatus | undefined): { text: string; tone: Tone } {
  switch (relay?.state) {
    case undefined:
    case 'not-configured':
      return { text: t('relay.status.not-configured'), tone: 'off' };
    case 'signing-in':
      return { text: t('relay.status.signing-in', { code: relay.userCode }), tone: 'busy' };
    case 'connecting':
      return { text: t('relay.status.connecting'), tone: 'busy' };
    case 'offline':
      return { text: t('relay.status.offline'), tone: 'bad' };
    case 'connected':
      return { text: t('relay.status.connected', { userId: relay.userId }), tone: 'ok' };
    case 'sign-in-required':
      return { text: t('relay.status.sign-in', { message: relay.message }), tone: 'bad' };
  }
}

/** One link's state: a coloured dot, the link's name and what it is doing, read as one status. */
function StatusLine({
  name,
  label,
  tone,
  title,
  children,
}: {
  name: MessageKey;
  label: MessageKey;
  tone: Tone;
  /** The whole text, for the tooltip when the line is cut short. */
  title: string;
  children: ReactNode;
}) {
  return (
    <p role="status" aria-label={t(label)} className={`status-line status-${tone}`}>
      <span className="status-name">{t(name)}</span>
      <span className="status-text" title={title}>
        {children}
      </span>
    </p>
  );
}

/** Registration (with the retry plan and "Retry now"), DND, and the Bitrix24 and relay links: always visible. */
export function StatusBar() {
  const { phone } = useServices();
  const registration = useApp((s) => s.registration);
  const hostStatus = useApp((s) => s.hostStatus);
  const dnd = useApp((s) => s.settings?.phone.dnd ?? false);
  const canToggleDnd = useApp((s) => s.settings !== null);
  const retryAt = registration.kind === 'failed' ? registration.retryAt : null;
  const now = useNow(1_000, retryAt !== null);
  const sip = registrationText(registration);
  const bitrix = bitrixText(hostStatus?.bitrix);
  const relay = relayText(hostStatus?.relay);
  const retryPlan =
    registration.kind !== 'failed'
      ? ''
      : retryAt === null
        ? t('sip.status.retry-never')
        : t('sip.status.retry-in', { count: Math.max(0, Math.ceil((retryAt - now) / 1000)) });

  return (
    <header className="status-bar">
      <div className="status-lines">
        <StatusLine name="status.sip" label="sip.status.label" tone={sip.tone} title={sip.text}>
          {sip.text}
          {retryPlan && <span className="retry-plan"> · {retryPlan}</span>}
        </StatusLine>
        <StatusLine name="status.bitrix" label="bitrix.status.label" tone={bitrix.tone} title={bitrix.text}>
          {bitrix.text}
          {hostStatus && hostStatus.pendingSteps > 0
            ? t('bitrix.status.waiting', { count: hostStatus.pendingSteps })
            : ''}
        </StatusLine>
        <StatusLine name="status.relay" label="relay.status.label" tone={relay.tone} title={relay.text}>
          {relay.text}
        </StatusLine>
      </div>
      <div className="status-side">
        <label className={dnd ? 'dnd-toggle on' : 'dnd-toggle'}>
          <input
            type="checkbox"
            role="switch"
            checked={dnd}
            disabled={!canToggleDnd}
            aria-checked={dnd}
            onChange={(event) => void phone.setDnd(event.target.checked)}
          />
          <span className="switch-track" aria-hidden="true" />
          <span>{t('dnd.label')}</span>
        </label>
        {registration.kind === 'failed' && (
          <button type="button" className="link-button" onClick={() => phone.phone.checkRegistration()}>
            {t('sip.status.retry-now')}
          </button>
        )}
      </div>
      {dnd && (
        <p className="dnd-banner" role="note">
          {t('dnd.on')}
        </p>
      )}
    </header>
  );
}
