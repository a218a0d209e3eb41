import type { StateCreator } from 'zustand';
import type { CallSummary } from '../../common/calls/call-summary';

/** The call history as the host journals it, each call with its Bitrix24 sync state. */
export interface HistorySlice {
  history: Record<string, CallSummary>;
  setHistory: (calls: CallSummary[]) => void;
  upsertHistory: (call: CallSummary) => void;
}

export const createHistorySlice: StateCreator<HistorySlice, [], [], HistorySlice> = (set) => ({
  history: {},
  setHistory: (calls) =>
    set((state) => ({
      history: { ...state.history, ...Object.fromEntries(calls.map((call) => [call.callKey, call])) },
    })),
  upsertHistory: (call) => set((state) => ({ history: { ...state.history, [call.callKey]: call } })),
});

/** Newest first. */
export function historyList(history: Record<string, CallSummary>): CallSummary[] {
  return Object.values(history).sort((a, b) => b.ringingAt - a.ringingAt);
}
