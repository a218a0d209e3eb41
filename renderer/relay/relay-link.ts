import type { HostApi } from '../../common/host-api/host-api';
import { appStore } from '../store/app-store';
import { readAloud } from './read-aloud';

/**
 * The relay's side of the page: callback offers and the callback queue into the store as the host
 * passes them on (and as they stand when the page loads), and what each call dialled for the relay
 * is for; an accepted callback's text is read aloud as the phone dials it. Returns the unlink.
 */
export function linkRelayToStore(host: HostApi): () => void {
  const store = appStore.getState();
  // The load-time answer must not overwrite a newer queue that came meanwhile.
  let queueHeard = false;
  const unsubscribe = [
    host.on('relay/callback-offer', store.addCallbackOffer),
    host.on('relay/command-withdrawn', ({ commandId }) => store.dropCallbackOffer(commandId)),
    host.on('relay/callbacks', (queue) => {
      queueHeard = true;
      store.setCallbackQueue(queue);
    }),
    host.on('relay/dial', (dial) => {
      store.addRelayDial(dial);
      if (dial.origin === 'callback' && dial.text) readAloud(dial.text, dial.voice);
    }),
  ];
  void host.relay['callback-queue']().then(({ offers, callbacks }) => {
    for (const offer of offers) store.addCallbackOffer(offer);
    if (!queueHeard) store.setCallbackQueue(callbacks);
  });
  return () => {
    for (const stop of unsubscribe) stop();
  };
}
