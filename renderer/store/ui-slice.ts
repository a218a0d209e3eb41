import type { StateCreator } from 'zustand';

/** The panel open under the current call. */
export type CallPanel = 'keypad' | 'transfer' | 'add-call';

/** What the window shows (not phone state): shortcuts and buttons open the same panels. */
export interface UiSlice {
  callPanel: CallPanel | null;
  setCallPanel: (panel: CallPanel | null) => void;
  toggleCallPanel: (panel: CallPanel) => void;
}

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set) => ({
  callPanel: null,
  setCallPanel: (callPanel) => set({ callPanel }),
  toggleCallPanel: (panel) => set((state) => ({ callPanel: state.callPanel === panel ? null : panel })),
});
