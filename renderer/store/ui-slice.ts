import type { StateCreator } from 'zustand';
import type { RecordingStatus } from '../recording/recorder';

/** The panel open under the current call. */
export type CallPanel = 'keypad' | 'transfer' | 'add-call';

/** What the window shows (not phone state): shortcuts and buttons open the same panels. */
export interface UiSlice {
  callPanel: CallPanel | null;
  setCallPanel: (panel: CallPanel | null) => void;
  toggleCallPanel: (panel: CallPanel) => void;
  /** Each call's recording, for the Record button (absent: off). */
  recordingStatus: Record<string, RecordingStatus>;
  setRecordingStatus: (callId: string, status: RecordingStatus) => void;
  /** The number a tel:/callto:/sip: link asks to call, waiting for the agent's yes (the latest link wins). */
  linkDial: string | null;
  setLinkDial: (number: string | null) => void;
}

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set) => ({
  callPanel: null,
  setCallPanel: (callPanel) => set({ callPanel }),
  toggleCallPanel: (panel) => set((state) => ({ callPanel: state.callPanel === panel ? null : panel })),
  recordingStatus: {},
  linkDial: null,
  setLinkDial: (linkDial) => set({ linkDial }),
  setRecordingStatus: (callId, status) =>
    set((state) => {
      const next = { ...state.recordingStatus };
      if (status === 'off') delete next[callId];
      else next[callId] = status;
      return { recordingStatus: next };
    }),
});
