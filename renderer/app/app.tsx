import { useEffect, useState } from 'react';
import { CallHistoryView } from '../history/call-history-view';
import { OutboxBanner } from '../history/outbox-banner';
import { currentCall } from '../store/phone-slice';
import { useApp, appStore } from '../store/app-store';
import { InCallView } from '../views/in-call-view';
import { IdleView } from '../views/idle-view';
import { IncomingCallView } from '../views/incoming-call-view';
import { SettingsView } from '../views/settings-view';
import { StatusBar } from '../views/status-bar';
import { useServices } from './app-services';
import './app.css';

export function App() {
  const { host, phone } = useServices();
  const [editingSettings, setEditingSettings] = useState(false);
  const [showingHistory, setShowingHistory] = useState(false);
  const call = useApp((s) => currentCall(s.calls));
  const settingsLoaded = useApp((s) => s.settings !== null);

  useEffect(() => {
    const { setHostStatus, setSettings } = appStore.getState();
    const unsubscribe = host.on('status/changed', setHostStatus);
    void host.status.get().then(setHostStatus);
    void host.settings.get().then((settings) => {
      setSettings(settings);
      return phone.useAccount(settings.sip);
    });
    return unsubscribe;
  }, [host, phone]);

  return (
    <div className="app">
      <StatusBar />
      <OutboxBanner />
      <main>
        {editingSettings ? (
          <SettingsView onDone={() => setEditingSettings(false)} />
        ) : showingHistory && !call ? (
          <CallHistoryView />
        ) : call ? (
          call.phase === 'ringing' ? (
            <IncomingCallView call={call} />
          ) : (
            <InCallView call={call} />
          )
        ) : (
          <IdleView />
        )}
      </main>
      <nav className="app-nav">
        <button type="button" disabled={!settingsLoaded} onClick={() => setEditingSettings(!editingSettings)}>
          {editingSettings ? 'Phone' : 'Settings'}
        </button>
        <button
          type="button"
          aria-pressed={showingHistory}
          onClick={() => setShowingHistory(!showingHistory)}
        >
          {showingHistory ? 'Phone' : 'History'}
        </button>
      </nav>
    </div>
  );
}
