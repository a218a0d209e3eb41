import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { createCallbackSlice, type CallbackSlice } from './callback-slice';
import { createHistorySlice, type HistorySlice } from './history-slice';
import { createHostSlice, type HostSlice } from './host-slice';
import { createPhoneSlice, type PhoneSlice } from './phone-slice';
import { createRelaySlice, type RelaySlice } from './relay-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

export type AppState = PhoneSlice & HostSlice & HistorySlice & UiSlice & CallbackSlice & RelaySlice;

/** One store of typed slices, created outside React: the phone updates it from SIP events directly. */
export const appStore = createStore<AppState>()((...a) => ({
  ...createPhoneSlice(...a),
  ...createHostSlice(...a),
  ...createHistorySlice(...a),
  ...createUiSlice(...a),
  ...createCallbackSlice(...a),
  ...createRelaySlice(...a),
}));

/** Components select narrowly: `useApp((s) => s.registration)`. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}
