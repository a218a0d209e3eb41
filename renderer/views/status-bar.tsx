import type { BitrixLink, RelayLinkStatus } from '../../common/host-api/host-status';
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

function relayText(relay: RelayLinkStatus | undefined): {
  text: string;
  tone: 'ok' | 'busy' | 'bad' | 'off';
} {
  switch (relay?.state) {
    case undefined:
    case 'not-configured':
      return { text: 'Relay: not signed in', tone: 'off' };
    case 'signing-in':
      return { text: `Relay: signing in (code ${relay.userCode})`, tone: 'busy' };
    case 'connecting':
      return { text: 'Relay: connecting', tone: 'busy' };
    case 'offline':
      return { text: 'Relay: reconnecting', tone: 'bad' };
    case 'connected':
      return { text: `Relay: connected (user ${relay.userId})`, tone: 'ok' };
    case 'sign-in-required':
      return { text: `Relay: sign in again (${relay.message})`, tone: 'bad' };
  }
}

export function StatusBar() {
  const registration = useApp((s) => s.registration);
  const hostStatus = useApp((s) => s.hostStatus);
  const sip = sipText(registration);
  const bitrix = bitrixText(hostStatus?.bitrix);
  const relay = relayText(hostStatus?.relay);
  return (
    <header className="status-bar">
      <p role="status" aria-label="SIP status" className={`status status-${sip.tone}`}>
        {sip.text}
      </p>
      <p role="status" aria-label="Bitrix24 status" className={`status status-${bitrix.tone}`}>
        {bitrix.text}
        {hostStatus && hostStatus.pendingSteps > 0 ? ` · ${hostStatus.pendingSteps} waiting` : ''}
      </p>
      <p role="status" aria-label="Relay status" className={`status status-${relay.tone}`}>
        {relay.text}
      </p>
    </header>
  );
}
