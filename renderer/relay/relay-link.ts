import type { HostApi } from '../../common/host-api/host-api';
import { appStore } from '../store/app-store';
import { readAloud } from './read-aloud';

/**
 * The relay's side of the page, kept in the store as the host hears it: the callback queue and the
 * offers made to this agent (first what the host already knows - the relay pushes changes only -
 * then every change, offer and withdrawal), a clicked number that cannot be dialled or that was
 * clicked in the mobile app and left to it (shown under the dialpad with why), and what each call
 * dialled for the relay is for; an accepted callback's text is read aloud as the phone dials it.
 * Returns the unsubscribe.
 */
export function linkRelayToStore(host: HostApi): () => void {
  const store = appStore.getState();
  const unsubscribers = [
    host.on('relay/callbacks', (queue) => store.setCallbackQueue(queue)),
    host.on('relay/callback-offer', (offer) => store.addCallbackOffer(offer)),
    host.on('relay/command-withdrawn', ({ commandId }) => store.removeCallbackOffer(commandId)),
    host.on('relay/click-to-call-refused', ({ phoneNumber, code }) =>
      store.setDialRefusal({ code: 'click-to-call', number: phoneNumber, why: code }),
    ),
    host.on('relay/mobile-click-left', ({ phoneNumber }) =>
      store.setDialRefusal({ code: 'mobile-click', number: phoneNumber }),
    ),
    host.on('relay/dial', (dial) => {
      store.addRelayDial(dial);
      if (dial.origin === 'callback' && dial.text) readAloud(dial.text, dial.voice);
    }),
  ];
  void host.relay.callbacks().then(({ queue, offers }) => {
    // An event that came while asking is newer than the answer: keep it.
    if (appStore.getState().callbackQueue === null) store.setCallbackQueue(queue);
    for (const offer of offers) store.addCallbackOffer(offer);
  });
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
