import { useEffect, useState } from 'react';
import { CallHistoryView } from '../history/call-history-view';
import { OutboxBanner } from '../history/outbox-banner';
import { t } from '../i18n/t';
import { isConnected } from '../phone/call-phase';
import { CallbackOffers } from '../relay/callback-offers';
import { CallbackQueue } from '../relay/callback-queue';
import { linkRelayToStore } from '../relay/relay-link';
import { appStore, useApp } from '../store/app-store';
import { focusedCall, liveCalls } from '../store/phone-slice';
import { CallLines } from '../views/call-lines';
import { IdleView } from '../views/idle-view';
import { InCallView } from '../views/in-call-view';
import { IncomingCallView } from '../views/incoming-call-view';
import { SettingsView } from '../views/settings-view';
import { SoundBanner } from '../views/sound-banner';
import { StatusBar } from '../views/status-bar';
import { useServices } from './app-services';
import { linkPhoneToHost } from './host-link';
import { useKeyboard } from './use-keyboard';
import './app.css';

export function App() {
  const { host, phone } = useServices();
  const [editingSettings, setEditingSettings] = useState(false);
  const [showingHistory, setShowingHistory] = useState(false);
  const calls = useApp((s) => s.calls);
  const focusedId = useApp((s) => s.focusedCallId);
  const settingsLoaded = useApp((s) => s.settings !== null);
  useKeyboard(phone);

  useEffect(() => {
    const { setHostStatus, setSettings } = appStore.getState();
    const unsubscribe = host.on('status/changed', setHostStatus);
    const unlink = linkPhoneToHost(host, phone);
    const unlinkRelay = linkRelayToStore(host);
    void host.status.get().then(setHostStatus);
    void host.settings.get().then((settings) => {
      setSettings(settings);
      return phone.useSettings(settings);
    });
    return () => {
      unsubscribe();
      unlink();
      unlinkRelay();
    };
  }, [host, phone]);

  const live = liveCalls(calls);
  const call = focusedCall(calls, focusedId);
  // A call ringing while another is up is "call waiting": it shows in the lines, not full screen.
  const ringingAlone =
    call?.phase === 'ringing' && !live.some((other) => isConnected(other.phase) || other.phase === 'calling');

  return (
    <div className="app">
      <StatusBar />
      <OutboxBanner />
      <SoundBanner />
      <CallbackOffers />
      <main>
        {editingSettings ? (
          <SettingsView onDone={() => setEditingSettings(false)} />
        ) : showingHistory && !call ? (
          <CallHistoryView onDialled={() => setShowingHistory(false)} />
        ) : (
          <>
            {live.length > 1 && <CallLines calls={live} focusedId={call?.id} />}
            {!call ? (
              <>
                <IdleView />
                <CallbackQueue />
              </>
            ) : ringingAlone ? (
              <IncomingCallView call={call} />
            ) : (
              <InCallView call={call} />
            )}
          </>
        )}
      </main>
      <nav className="app-nav">
        <button type="button" disabled={!settingsLoaded} onClick={() => setEditingSettings(!editingSettings)}>
          {editingSettings ? t('app.nav.phone') : t('app.nav.settings')}
        </button>
        <button
          type="button"
          aria-pressed={showingHistory}
          onClick={() => setShowingHistory(!showingHistory)}
        >
          {showingHistory ? t('app.nav.phone') : t('app.nav.history')}
        </button>
      </nav>
    </div>
  );
}
