import type { HostApi } from '../../common/host-api/host-api';
import { appStore } from '../store/app-store';

/**
 * Keeps the store's callbacks as the host hears them from the relay: first what it already knows
 * (the relay pushes changes only), then every change, offer and withdrawal. Returns the unsubscribe.
 */
export function linkCallbacks(host: HostApi): () => void {
  const store = appStore.getState();
  const unsubscribers = [
    host.on('relay/callbacks', (queue) => store.setCallbackQueue(queue)),
    host.on('relay/callback-offer', (offer) => store.addCallbackOffer(offer)),
    host.on('relay/command-withdrawn', ({ commandId }) => store.removeCallbackOffer(commandId)),
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
