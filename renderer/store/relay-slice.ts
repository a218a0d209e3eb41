import type { StateCreator } from 'zustand';
import type { RelayDial } from '../../common/relay/relay-dial';

/** Calls dialled for the relay are remembered this many at a time (the newest). */
const dialsKept = 10;

/** A relay dial as the page heard it, `at` epoch ms. */
export type HeardRelayDial = RelayDial & { at: number };

/** What the calls the relay asked this agent to make are for (click-to-call, callback). */
export interface RelaySlice {
  /** Calls dialled for the relay by the number dialled: what the call view shows with them. */
  relayDials: Record<string, HeardRelayDial>;
  addRelayDial: (dial: RelayDial) => void;
}

export const createRelaySlice: StateCreator<RelaySlice, [], [], RelaySlice> = (set) => ({
  relayDials: {},
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
