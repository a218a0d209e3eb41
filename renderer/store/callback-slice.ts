import type { StateCreator } from 'zustand';
import type { CallbackOfferCommand, QueuedCallback } from '../../common/relay/hub-protocol';

/** What the agent was told about an offer they acted on, until they look away. */
export type OfferOutcome = 'taken' | 'expired';

/**
 * The relay's callbacks as this agent sees them: the portal's queue and the offers made to this
 * agent alone (accept or pass before they expire).
 */
export interface CallbackSlice {
  /** Null until the relay has said anything (not signed in, or nothing heard yet). */
  callbackQueue: QueuedCallback[] | null;
  callbackOffers: CallbackOfferCommand[];
  offerOutcome: OfferOutcome | null;
  setCallbackQueue: (queue: QueuedCallback[] | null) => void;
  addCallbackOffer: (offer: CallbackOfferCommand) => void;
  removeCallbackOffer: (commandId: string) => void;
  setOfferOutcome: (outcome: OfferOutcome | null) => void;
}

export const createCallbackSlice: StateCreator<CallbackSlice, [], [], CallbackSlice> = (set) => ({
  callbackQueue: null,
  callbackOffers: [],
  offerOutcome: null,
  setCallbackQueue: (callbackQueue) => set({ callbackQueue }),
  addCallbackOffer: (offer) =>
    set((state) => ({
      callbackOffers: [...state.callbackOffers.filter((known) => known.id !== offer.id), offer],
      offerOutcome: null,
    })),
  removeCallbackOffer: (commandId) =>
    set((state) => ({ callbackOffers: state.callbackOffers.filter((offer) => offer.id !== commandId) })),
  setOfferOutcome: (offerOutcome) => set({ offerOutcome }),
});
