import type { StateCreator } from 'zustand';
import type { InvalidNumberCode } from '../../common/phone/phone-number';
import type {
  AudioDeviceList,
  LiveQuality,
  PhoneCall,
  RegistrationState,
  RingtoneState,
} from '../phone/phone';

/** A number the agent dialled, for redial. */
export interface DialledNumber {
  number: string;
  at: number;
}

/** Why the dialpad refused to dial (shown under the number; nothing was sent); `click-to-call`: a
 * number clicked in Bitrix24 that cannot be dialled, and why; `mobile-click`: a number clicked in
 * the Bitrix24 mobile app, left to it by the agent's settings. */
export type DialRefusal =
  | { code: InvalidNumberCode }
  | { code: 'failed' }
  | { code: 'click-to-call'; number: string; why: InvalidNumberCode }
  | { code: 'mobile-click'; number: string };

/** Ended calls kept for the "last call" line and the session's list; older ones are dropped. */
const endedCallsKept = 30;
const dialledKept = 20;

export interface PhoneSlice {
  registration: RegistrationState;
  /** Calls by id: the live ones and the last few ended ones. */
  calls: Record<string, PhoneCall>;
  quality: Record<string, LiveQuality>;
  ringtone: RingtoneState;
  devices: AudioDeviceList;
  /** Numbers dialled, newest first (redial). */
  dialled: DialledNumber[];
  dialRefusal: DialRefusal | null;
  /** The call the main view shows when there are several; null: the phone picks (focusedCall). */
  focusedCallId: string | null;
  /** Names the CRM knows for numbers (caller-directory.ts). */
  crmNames: Record<string, string>;
  setRegistration: (state: RegistrationState) => void;
  upsertCall: (call: PhoneCall) => void;
  setQuality: (callId: string, quality: LiveQuality) => void;
  setRingtone: (state: RingtoneState) => void;
  setDevices: (devices: AudioDeviceList) => void;
  rememberDialled: (number: string) => void;
  setDialRefusal: (refusal: DialRefusal | null) => void;
  focusCall: (callId: string | null) => void;
  setCrmName: (number: string, name: string) => void;
}

export const createPhoneSlice: StateCreator<PhoneSlice, [], [], PhoneSlice> = (set) => ({
  registration: { kind: 'unconfigured' },
  calls: {},
  quality: {},
  ringtone: 'silent',
  devices: { microphones: [], speakers: [], outputSelectable: false },
  dialled: [],
  dialRefusal: null,
  focusedCallId: null,
  crmNames: {},
  setRegistration: (registration) => set({ registration }),
  upsertCall: (call) =>
    set((state) => {
      const calls = { ...state.calls, [call.id]: call };
      if (call.phase !== 'ended') return { calls };
      // Keep the newest ended calls only: an eight-hour shift must not grow the store.
      const ended = Object.values(calls)
        .filter((candidate) => candidate.phase === 'ended')
        .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0));
      const quality = { ...state.quality };
      delete quality[call.id];
      for (const old of ended.slice(endedCallsKept)) delete calls[old.id];
      return {
        calls,
        quality,
        focusedCallId: state.focusedCallId === call.id ? null : state.focusedCallId,
      };
    }),
  setQuality: (callId, quality) =>
    set((state) =>
      state.calls[callId]?.phase === 'ended' ? {} : { quality: { ...state.quality, [callId]: quality } },
    ),
  setRingtone: (ringtone) => set({ ringtone }),
  setDevices: (devices) => set({ devices }),
  rememberDialled: (number) =>
    set((state) => ({
      dialled: [
        { number, at: Date.now() },
        ...state.dialled.filter((entry) => entry.number !== number),
      ].slice(0, dialledKept),
    })),
  setDialRefusal: (dialRefusal) => set({ dialRefusal }),
  focusCall: (focusedCallId) => set({ focusedCallId }),
  setCrmName: (number, name) => set((state) => ({ crmNames: { ...state.crmNames, [number]: name } })),
});

/** Calls not ended, oldest first (the order of the lines). */
export function liveCalls(calls: Record<string, PhoneCall>): PhoneCall[] {
  return Object.values(calls)
    .filter((call) => call.phase !== 'ended')
    .sort((a, b) => a.ringingAt - b.ringingAt);
}

/**
 * The call the main view is about: the one the agent chose, else the one being talked on or
 * dialled, else a ringing one, else a held one.
 */
export function focusedCall(
  calls: Record<string, PhoneCall>,
  focusedCallId: string | null,
): PhoneCall | undefined {
  const live = liveCalls(calls);
  const chosen = live.find((call) => call.id === focusedCallId);
  if (chosen) return chosen;
  const rank = (call: PhoneCall) =>
    ({ active: 0, connecting: 1, calling: 2, ringing: 3, held: 4, ended: 5 })[call.phase];
  return [...live].sort((a, b) => rank(a) - rank(b) || b.ringingAt - a.ringingAt)[0];
}

/** The newest ended call, for the idle screen. */
export function lastEndedCall(calls: Record<string, PhoneCall>): PhoneCall | undefined {
  return Object.values(calls)
    .filter((call) => call.phase === 'ended')
    .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0))[0];
}
