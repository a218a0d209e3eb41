import type { CallFact, CallOrigin, EndReason } from '../../common/calls/call-fact';
import type { PhoneSettings } from '../../common/settings/phone-settings';
import type { SipAccount } from '../../common/settings/settings';
import type { LegPhase } from './leg-phase';
import type { TransferState } from './transfer-state';
import type { LiveQuality } from './quality-monitor';
import type { RegistrationState } from './registration-state';

/**
 * Our phone, independent of the SIP library behind it (sip.js today: unmaintained since 2022, so
 * it must stay replaceable). The UI, the controller and the host only ever see these types; the
 * lifecycles are the state machines in registration-state.ts, leg-phase.ts and transfer-state.ts.
 */

export type { LegPhase } from './leg-phase';
export type { LiveQuality } from './quality-monitor';
export type { RegistrationFailure, RegistrationState } from './registration-state';
export type { TransferState } from './transfer-state';

/** Something about a call the agent should read: a failed hold, a failed transfer... */
export type CallNotice =
  | { kind: 'hold-failed'; sipCode?: number | undefined }
  | { kind: 'resume-failed'; sipCode?: number | undefined }
  | { kind: 'transfer-failed'; sipCode?: number | undefined; reasonPhrase?: string | undefined }
  | { kind: 'dtmf-failed' }
  | { kind: 'connection-lost' }
  | { kind: 'media-restored' }
  | { kind: 'microphone-switched'; label: string }
  | { kind: 'microphone-failed' };

/** How the leg ended, as the UI words it. */
export interface CallEnd {
  reason: EndReason;
  /** Handed over to this number (blind or attended transfer). */
  transferredTo?: string | undefined;
}

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** One call leg as the agent sees it. */
export interface PhoneCall {
  /** Stable for the leg's life; the same key the host journals the call under. */
  id: string;
  direction: 'incoming' | 'outgoing';
  origin: CallOrigin['kind'];
  remoteNumber: string;
  /** The name SIP presented (display name); the CRM's name comes from the directory, not from here. */
  remoteName?: string | undefined;
  phase: LegPhase;
  ringingAt: number;
  answeredAt?: number | undefined;
  endedAt?: number | undefined;
  end?: CallEnd | undefined;
  /** Outgoing: the far end is ringing (180/183 received). */
  remoteRinging: boolean;
  /** A hold or resume re-INVITE is on its way; `phase` changes only when it succeeded. */
  pending?: 'hold' | 'resume' | undefined;
  /** The far end put us on hold (its offer was sendonly or inactive). */
  remoteHold: boolean;
  muted: boolean;
  /** The audio direction negotiated for this leg (what WebRTC actually does). */
  mediaDirection?: MediaDirection | undefined;
  /** Incoming: it will be answered by itself at this time (setting or PBX header). */
  autoAnswerAt?: number | undefined;
  /** Incoming: it rang while another call was in progress (call waiting). */
  waiting: boolean;
  /** This call is the consultation of an attended transfer of that call. */
  consultationFor?: string | undefined;
  transfer?: TransferState | undefined;
  /** Mixed with the other connected calls in a local three-way conference. */
  conference: boolean;
  /** The PBX connection carrying this call's signalling: `lost` while it is down, `restoring` while
   * the re-INVITE with ICE restart is on its way after it came back. */
  signalling: 'ok' | 'lost' | 'restoring';
  notice?: (CallNotice & { at: number }) | undefined;
}

/** What to dial: from planDial (common/phone/dial-rules.ts), never raw input. */
export interface DialRequest {
  /** The user part of the Request-URI. */
  dialString: string;
  /** What the call is known by: E.164 or the extension. */
  number: string;
  /** Why the call exists (Bitrix24 registration); dialpad when absent. */
  origin?: CallOrigin | undefined;
  /** Digits sent as DTMF once the far end answers (a click-to-call number's extension). */
  dtmfOnAnswer?: string | undefined;
  /** The line the call goes out on (a click-to-call's LINE_NUMBER), sent in the account's line
   * header (`X-Line` when it names none) for the PBX to present as the caller ID. */
  lineNumber?: string | undefined;
}

/** The streams of a call, for the recorder. They are stable objects: when a device is swapped
 * their track is replaced and `addtrack`/`removetrack` fire on them. */
export interface CallMedia {
  local: MediaStream;
  remote: MediaStream;
}

/** A short sound for the far end of a call (the recording-consent beep): mono samples in [-1, 1]. */
export interface RemoteSound {
  samples: Float32Array<ArrayBuffer>;
  sampleRate: number;
}

export interface AudioDevice {
  id: string;
  label: string;
}

export interface AudioDeviceList {
  microphones: AudioDevice[];
  speakers: AudioDevice[];
  /** False in browsers that cannot route audio to a chosen output (setSinkId). */
  outputSelectable: boolean;
}

/** The ringtone: `blocked` when the browser refused to play it without a user gesture. */
export type RingtoneState = 'silent' | 'playing' | 'blocked';

export interface PhoneDelegate {
  onRegistration(state: RegistrationState): void;
  /** Every change of a call, including its end (phase `ended`). */
  onCall(call: PhoneCall): void;
  /** A SIP fact for the host's call journal; resolves once the host has taken it. */
  onFact(fact: CallFact): Promise<void>;
  /** Live media figures of a connected call, about once a second. */
  onQuality(callId: string, quality: LiveQuality): void;
  onRingtone(state: RingtoneState): void;
  onDevices(devices: AudioDeviceList): void;
  /** A call's local or remote track was replaced (device hot-swap, conference). */
  onMedia?(callId: string, media: CallMedia): void;
}

export interface Phone {
  /** Connects and registers `account`; reports progress and failures through the delegate. */
  start(account: SipAccount, settings: PhoneSettings): Promise<void>;
  /** Hangs up nothing: unregisters and disconnects (calls in progress end with the connection). */
  stop(): Promise<void>;
  /** Settings that apply without registering again (DND, auto-answer, DTMF, codecs, audio). */
  configure(settings: PhoneSettings): void;
  /** Re-check the registration now (woke from sleep, network back, "Retry now"). */
  checkRegistration(): void;

  /** Places a call; resolves with its id once the INVITE is on its way (null when it could not be). */
  dial(request: DialRequest): Promise<string | null>;
  answer(callId: string): Promise<void>;
  /** Refuses a ringing call: 603 Decline, or 486 Busy Here. */
  decline(callId: string, sipCode?: 486 | 603): Promise<void>;
  /** Ends a call in any phase (cancels an outgoing one that still rings). */
  hangup(callId: string): Promise<void>;
  hold(callId: string): Promise<void>;
  resume(callId: string): Promise<void>;
  /** Makes this call the one the agent talks on; the others are held. */
  swap(callId: string): Promise<void>;
  setMuted(callId: string, muted: boolean): void;
  sendDtmf(callId: string, digits: string): Promise<void>;

  /** Hands the call to `target` without talking to it first (REFER). */
  blindTransfer(callId: string, target: DialRequest): Promise<void>;
  /** Holds the call and calls `target` to announce it; resolves with the consultation's id. */
  consult(callId: string, target: DialRequest): Promise<string | null>;
  /** Connects the consulted party with the held call (REFER with Replaces) and leaves both. */
  completeTransfer(consultationId: string): Promise<void>;
  /** Hangs up the consultation and takes the held call back. */
  cancelConsultation(consultationId: string): Promise<void>;
  /** Mixes the connected calls into a local three-way conference (WebAudio). */
  conference(callIds: string[]): Promise<void>;
  /** Ends the mixing: every call stays connected, all but `keepActive` on hold. */
  splitConference(keepActive?: string): Promise<void>;

  media(callId: string): CallMedia | null;
  /** Plays `sound` to the far end of an active call, mixed with the microphone; resolves once it
   * has played. Does nothing on a call that is not active or is in a conference (the mix's). */
  playToRemote(callId: string, sound: RemoteSound): Promise<void>;
  /** The ringtone could not start without a gesture: call this from the agent's click. */
  unlockAudio(): void;
}
