import type { CallFact } from '../../common/calls/call-fact';
import type { SipAccount } from '../../common/settings/settings';

/**
 * Our phone, independent of the SIP library behind it (sip.js today: unmaintained since 2022, so
 * it must stay replaceable). The UI and the host only ever see these types.
 */

/**
 * Registration with the PBX, as the status bar shows it.
 *
 *   unconfigured --start--> connecting --ws open--> registering --200--> registered
 *   connecting|registering --error--> failed (reason; retry planned in `retryInMs` when it may heal)
 *   registered --ws lost--> connecting (again, with backoff)        any --stop--> unconfigured
 */
export type RegistrationState =
  | { kind: 'unconfigured' }
  | { kind: 'connecting'; server: string }
  | { kind: 'registering' }
  | { kind: 'registered'; aor: string }
  | { kind: 'failed'; reason: string; retryInMs?: number };

/**
 * One call leg as the agent sees it.
 *
 *   ringing --answer--> connecting --media up--> established --hangup/bye--> ended
 *   ringing --decline/cancel--> ended
 */
export type CallPhase = 'ringing' | 'connecting' | 'established' | 'ended';

export interface PhoneCall {
  /** Stable for the leg's life; the same key the host journals the call under. */
  id: string;
  direction: 'incoming' | 'outgoing';
  remoteNumber: string;
  remoteName?: string;
  phase: CallPhase;
  ringingAt: number;
  answeredAt?: number;
  endedAt?: number;
  /** Why it ended, in the agent's words. */
  endedBecause?: string;
}

/** Live media figures of a call (from WebRTC getStats). */
export interface CallQuality {
  codec?: string;
  packetsReceived: number;
  packetsLost: number;
  /** 0..1, the loudness of what the customer's side sends us right now. */
  audioLevel: number;
  jitterMs: number;
  roundTripMs?: number;
}

export interface PhoneDelegate {
  onRegistration(state: RegistrationState): void;
  onCall(call: PhoneCall): void;
  /** A SIP fact for the host's call journal. */
  onFact(fact: CallFact): void;
}

export interface Phone {
  /** Connects and registers `account`; reports progress and failures through the delegate. */
  start(account: SipAccount): Promise<void>;
  stop(): Promise<void>;
  answer(callId: string): Promise<void>;
  decline(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  quality(callId: string): Promise<CallQuality | null>;
}
