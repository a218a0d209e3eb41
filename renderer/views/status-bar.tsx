import type { BitrixLink } from '../../common/host-api/host-status';
import type { RegistrationState } from '../phone/phone';
import { useApp } from '../store/app-store';

function sipText(state: RegistrationState): { text: string; tone: 'ok' | 'busy' | 'bad' | 'off' } {
  switch (state.kind) {
    case 'unconfigured':
      return { text: 'SIP: not set up', tone: 'off' };
    case 'connecting':
      return { text: `SIP: connecting to ${state.server}`, tone: 'busy' };
    case 'registering':
      return { text: 'SIP: registering', tone: 'busy' };
    case 'registered':
      return { text: `SIP: registered as ${state.aor}`, tone: 'ok' };
    case 'failed':
      return { text: `SIP: ${state.reason}`, tone: 'bad' };
  }
}

function bitrixText(link: BitrixLink | undefined): { text: string; tone: 'ok' | 'busy' | 'bad' | 'off' } {
  switch (link?.state) {
    case undefined:
      return { text: 'Bitrix24: …', tone: 'busy' };
    case 'not-configured':
      return { text: 'Bitrix24: not connected', tone: 'off' };
    case 'connected':
      return { text: `Bitrix24: ${link.portal} (user ${link.userId})`, tone: 'ok' };
    case 'error':
      return { text: `Bitrix24: ${link.message}`, tone: 'bad' };
    case 'sign-in-required':
      return { text: `Bitrix24: sign in again (${link.message})`, tone: 'bad' };
  }
}

export function StatusBar() {
  const registration = useApp((s) => s.registration);
  const hostStatus = useApp((s) => s.hostStatus);
  const sip = sipText(registration);
  const bitrix = bitrixText(hostStatus?.bitrix);
  return (
    <header className="status-bar">
      <p role="status" aria-label="SIP status" className={`status status-${sip.tone}`}>
        {sip.text}
      </p>
      <p role="status" aria-label="Bitrix24 status" className={`status status-${bitrix.tone}`}>
        {bitrix.text}
        {hostStatus && hostStatus.pendingSteps > 0 ? ` · ${hostStatus.pendingSteps} waiting` : ''}
      </p>
    </header>
  );
}
