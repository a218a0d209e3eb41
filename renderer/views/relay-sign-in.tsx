import { useState } from 'react';
import type { RelayLinkStatus } from '../../common/host-api/host-status';
import { useServices } from '../app/app-services';
import { t } from '../i18n/t';
import { useApp } from '../store/app-store';

function describe(relay: RelayLinkStatus | undefined): string {
  switch (relay?.state) {
    case undefined:
    case 'not-configured':
      return t('relay.sign-in.not-signed-in');
    case 'signing-in':
      return t('relay.sign-in.signing-in', { code: relay.userCode });
    case 'connecting':
    case 'offline':
      return t('relay.sign-in.connecting', { userId: relay.userId, portal: relay.portal });
    case 'connected':
      return t('relay.sign-in.connected', { userId: relay.userId, portal: relay.portal });
    case 'sign-in-required':
      return t('relay.sign-in.again', { message: relay.message });
  }
}

/**
 * "Sign in with Bitrix24" through the company's relay: the host opens the relay's confirmation page
 * in the system browser (on the web host this page opens it in a new tab), and the status follows.
 */
export function RelaySignIn() {
  const { host } = useServices();
  const relay = useApp((s) => s.hostStatus?.relay);
  const [relayUrl, setRelayUrl] = useState(relay && 'relayUrl' in relay ? relay.relayUrl : '');
  const [error, setError] = useState<string | null>(null);
  const signedIn =
    relay?.state === 'connected' || relay?.state === 'connecting' || relay?.state === 'offline';

  const signIn = async () => {
    setError(null);
    try {
      const started = await host.relay['sign-in']({ relayUrl: relayUrl.trim() });
      // The host could not open a browser (web host): open the relay's page here, http(s) only.
      const page = URL.canParse(started.authorizeUrl) ? new URL(started.authorizeUrl) : null;
      if (started.opened) return;
      if (page && (page.protocol === 'https:' || page.protocol === 'http:')) {
        window.open(page.toString(), '_blank', 'noopener');
      } else setError(t('relay.sign-in.bad-page'));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };

  const signOut = async () => {
    setError(null);
    try {
      await host.relay['sign-out']();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };

  return (
    <div className="relay-sign-in">
      <label className="field">
        <span>{t('relay.sign-in.address')}</span>
        <input
          type="url"
          value={relayUrl}
          placeholder="https://relay.example.com"
          disabled={signedIn}
          onChange={(event) => setRelayUrl(event.target.value)}
        />
      </label>
      <p role="status" aria-label={t('relay.sign-in.label')} className="hint">
        {describe(relay)}
      </p>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {signedIn ? (
        <button type="button" onClick={() => void signOut()}>
          {t('relay.sign-in.sign-out')}
        </button>
      ) : (
        <button type="button" disabled={relayUrl.trim() === ''} onClick={() => void signIn()}>
          {t('relay.sign-in.sign-in')}
        </button>
      )}
    </div>
  );
}
