import { useEffect, useState } from 'react';
import { CallHistoryView } from '../history/call-history-view';
import { OutboxBanner } from '../history/outbox-banner';
import { isConnected } from '../phone/leg-phase';
import { linkRelayToStore } from '../relay/relay-link';
import { appStore, useApp } from '../store/app-store';
import { focusedCall, liveCalls } from '../store/phone-slice';
import { CallLines } from './call-lines';
import { CallbackQueueView } from './callback-queue-view';
import { IdleView } from './idle-view';
import { InCallView } from './in-call-view';
import { IncomingCallView } from './incoming-call-view';
import { LinkDialPrompt } from './link-dial-prompt';
import { SettingsView } from './settings-view';
import { SoundBanner } from './sound-banner';
import { StatusBar } from './status-bar';
import { AppNav, type Section } from './app-nav';
import { useServices } from '../app/app-services';
import { linkHeadsetButtons } from '../app/headset-buttons';
import { linkPhoneToHost } from '../app/host-link';
import { useAppearance } from '../app/use-appearance';
import { useKeyboard } from '../app/use-keyboard';
import '../theme/theme.css';
import './app.css';

export function App() {
  const { host, phone } = useServices();
  const [section, setSection] = useState<Section>('phone');
  const calls = useApp((s) => s.calls);
  const focusedId = useApp((s) => s.focusedCallId);
  // Read again at every render (a tab click too), so a lapsed offer lets the agent go.
  const offerOpen = useApp((s) => s.callbackOffers.some((offer) => offer.expiresAt > Date.now()));
  useKeyboard(phone);
  useAppearance();

  useEffect(() => {
    const { setHostStatus, setSettings } = appStore.getState();
    const unsubscribe = host.on('status/changed', setHostStatus);
    const unlink = linkPhoneToHost(host, phone);
    const unlinkRelay = linkRelayToStore(host);
    const unlinkHeadset = linkHeadsetButtons(phone);
    void host.status.get().then(setHostStatus);
    void host.settings.get().then((settings) => {
      setSettings(settings);
      return phone.useSettings(settings);
    });
    return () => {
      unsubscribe();
      unlink();
      unlinkRelay();
      unlinkHeadset();
    };
  }, [host, phone]);

  const live = liveCalls(calls);
  const call = focusedCall(calls, focusedId);
  // A call ringing while another is up is "call waiting": it shows in the lines, not full screen.
  const ringingAlone =
    call?.phase === 'ringing' && !live.some((other) => isConnected(other.phase) || other.phase === 'calling');
  // A call takes the window over from the lists (not from the settings form, which would lose its
  // edits); so does a callback offered to this agent, which lapses if nobody looks at it.
  const shown: Section =
    section === 'settings' ? section : call ? 'phone' : offerOpen ? 'callbacks' : section;
  const toPhone = () => setSection('phone');

  return (
    <div className="app">
      <StatusBar />
      <OutboxBanner />
      <SoundBanner />
      <LinkDialPrompt />
      <main className="app-main">
        {shown === 'settings' ? (
          <SettingsView onDone={toPhone} />
        ) : shown === 'history' ? (
          <CallHistoryView onDialled={toPhone} />
        ) : shown === 'callbacks' ? (
          <CallbackQueueView onAccepted={toPhone} />
        ) : (
          <>
            {live.length > 1 && <CallLines calls={live} focusedId={call?.id} />}
            {!call ? (
              <IdleView />
            ) : ringingAlone ? (
              <IncomingCallView call={call} />
            ) : (
              <InCallView call={call} />
            )}
          </>
        )}
      </main>
      <AppNav current={shown} onSelect={setSection} />
    </div>
  );
}
