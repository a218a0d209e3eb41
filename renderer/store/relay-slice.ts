import type { StateCreator } from 'zustand';
import type { CallbackOfferCommand, QueuedCallback } from '../../common/relay/hub-protocol';
import type { RelayDial } from '../../common/relay/relay-dial';

/** Calls dialled for the relay are remembered this many at a time (the newest). */
const dialsKept = 10;

/** A relay dial as the page heard it, `at` epoch ms. */
export type HeardRelayDial = RelayDial & { at: number };

/** What the relay asked of this agent: open callback offers, the callback queue, relay calls. */
export interface RelaySlice {
  /** Offers waiting for this agent's decision, oldest first. */
  callbackOffers: CallbackOfferCommand[];
  /** The portal's callback queue as the relay last told it. */
  callbackQueue: QueuedCallback[];
  /** Calls dialled for the relay by the number dialled: what the call view shows with them. */
  relayDials: Record<string, HeardRelayDial>;
  addCallbackOffer: (offer: CallbackOfferCommand) => void;
  /** The offer is decided, taken elsewhere, expired or withdrawn: it goes. */
  dropCallbackOffer: (commandId: string) => void;
  setCallbackQueue: (queue: QueuedCallback[]) => void;
  addRelayDial: (dial: RelayDial) => void;
}

export const createRelaySlice: StateCreator<RelaySlice, [], [], RelaySlice> = (set) => ({
  callbackOffers: [],
  callbackQueue: [],
  relayDials: {},
  addCallbackOffer: (offer) =>
    set((state) => ({
      callbackOffers: [...state.callbackOffers.filter((open) => open.id !== offer.id), offer],
    })),
  dropCallbackOffer: (commandId) =>
    set((state) => ({ callbackOffers: state.callbackOffers.filter((open) => open.id !== commandId) })),
  setCallbackQueue: (callbackQueue) => set({ callbackQueue }),
  addRelayDial: (dial) =>
    set((state) => {
      const kept = Object.entries(state.relayDials)
        .filter(([number]) => number !== dial.number)
        .slice(-(dialsKept - 1));
      return { relayDials: { ...Object.fromEntries(kept), [dial.number]: { ...dial, at: Date.now() } } };
    }),
});

/** The phone dials within moments of the host's word; a later call to the number is another call. */
const dialWindowMs = 60_000;

/** What the relay dialled `call` for, if it did. */
export function relayDialOf(
  dials: Record<string, HeardRelayDial>,
  call: { direction: 'incoming' | 'outgoing'; remoteNumber: string; ringingAt: number },
): HeardRelayDial | undefined {
  const dial = dials[call.remoteNumber];
  if (!dial || call.direction !== 'outgoing') return undefined;
  const after = call.ringingAt - dial.at;
  return after > -1_000 && after < dialWindowMs ? dial : undefined;
}
