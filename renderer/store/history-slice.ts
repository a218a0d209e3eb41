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

/**
 * Whether a call matches what the agent typed in the history's search: the digits of the number
 * (so "495 123" finds +74951234567 however either was written), or its text when no digit was typed.
 */
export function matchesSearch(call: CallSummary, query: string): boolean {
  const wanted = query.trim();
  if (wanted === '') return true;
  const digits = wanted.replace(/\D/g, '');
  if (digits !== '') return call.remoteNumber.replace(/\D/g, '').includes(digits);
  return call.remoteNumber.toLowerCase().includes(wanted.toLowerCase());
}
