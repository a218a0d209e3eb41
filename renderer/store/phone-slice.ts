import type { StateCreator } from 'zustand';
import type { CallQuality, PhoneCall, RegistrationState } from '../phone/phone';

export interface PhoneSlice {
  registration: RegistrationState;
  /** Calls by id: the live ones and the ones ended this session, newest last. */
  calls: Record<string, PhoneCall>;
  quality: Record<string, CallQuality>;
  setRegistration: (state: RegistrationState) => void;
  upsertCall: (call: PhoneCall) => void;
  setQuality: (callId: string, quality: CallQuality) => void;
}

export const createPhoneSlice: StateCreator<PhoneSlice, [], [], PhoneSlice> = (set) => ({
  registration: { kind: 'unconfigured' },
  calls: {},
  quality: {},
  setRegistration: (registration) => set({ registration }),
  upsertCall: (call) => set((state) => ({ calls: { ...state.calls, [call.id]: call } })),
  setQuality: (callId, quality) => set((state) => ({ quality: { ...state.quality, [callId]: quality } })),
});

/** The call the main view is about: one ringing or in progress, if any. */
export function currentCall(calls: Record<string, PhoneCall>): PhoneCall | undefined {
  return Object.values(calls).find((call) => call.phase !== 'ended');
}
