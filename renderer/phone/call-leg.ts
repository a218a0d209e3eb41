import {
  Invitation,
  Inviter,
  SessionState,
  type Notification,
  type Referral,
  type URI,
  type Web,
} from 'sip.js';
import type { CallFact, RingingFact } from '../../common/calls/call-fact';
import type { PhoneSettings } from '../../common/settings/phone-settings';
import { nextLegPhase, type LegPhaseEvent } from './leg-phase';
import { currentDirection, readMediaSample } from './call-quality';
import { audioDirection } from './codec-preference';
import { dtmfGapMs, dtmfInfoBody, dtmfOf, dtmfSenderPollMs, dtmfSenderWaitMs, dtmfToneMs } from './dtmf';
import type { CallMedia, CallNotice, PhoneCall } from './phone';
import { QualityMonitor, type LiveQuality } from './quality-monitor';
import { RemoteAudio } from './remote-audio';
import { transferProgress, type TransferProgress } from './transfer-progress';
import { legEndReason, type LegEnding, type LocalAction } from './leg-end-reason';
import { nextTransfer, type TransferEvent } from './transfer-state';

/** SDP modifier, as sip.js applies them to offers and answers. */
export type SdpModifier = (description: RTCSessionDescriptionInit) => Promise<RTCSessionDescriptionInit>;

/** What a leg needs from the phone that owns it. */
export interface LegContext {
  settings(): PhoneSettings;
  modifiers(): SdpModifier[];
  onChange(leg: CallLeg): void;
  onFact(fact: CallFact): Promise<void>;
  onEnded(leg: CallLeg): void;
  onMedia(leg: CallLeg): void;
  /** The far end asks us to call someone else (we are being transferred). */
  onRefer(leg: CallLeg, referral: Referral): void;
}

type SessionDescriptionHandler = Web.SessionDescriptionHandler;

export type ReinviteOutcome = { ok: true } | { ok: false; sipCode?: number | undefined };

const reinviteTimeoutMs = 15_000;
const media = { constraints: { audio: true, video: false } };

/** What the phone knows of a new leg beyond the call itself, for its `ringing` fact. */
export type LegAnnouncement = Omit<RingingFact, 'type' | 'callKey' | 'direction' | 'remoteNumber' | 'at'>;

/**
 * One call leg: a sip.js session with the call the agent sees, its facts, its audio and its
 * quality. Phase changes go through leg-phase.ts only, transfer changes through transfer-state.ts,
 * and why it ended is leg-end-reason.ts's reading of what it learnt; a hold or resume changes the
 * phase only when the re-INVITE succeeded (sip.js #685 leaves a failed hold marked held; here it
 * stays active and says so).
 */
export class CallLeg {
  call: PhoneCall;
  readonly session: Invitation | Inviter;
  readonly monitor = new QualityMonitor();
  #inConference = false;
  #audio: RemoteAudio | undefined;
  readonly #ending: LegEnding = { declineCode: 603 };
  #transferredTo: string | undefined;
  #ended = false;
  #earlyMedia = false;

  constructor(
    session: Invitation | Inviter,
    call: PhoneCall,
    private readonly context: LegContext,
  ) {
    this.session = session;
    this.call = call;
    session.delegate = {
      onBye: (bye) => void bye.accept(),
      onCancel: (cancel) => {
        this.#ending.cancel = {
          completedElsewhere: /cause\s*=\s*200\b/.test(cancel.request.getHeader('Reason') ?? ''),
        };
      },
      onInfo: (info) => void info.accept(),
      onInvite: (request) => this.#remoteOffer(request.body),
      onRefer: (referral) => this.context.onRefer(this, referral),
      onNotify: (notification) => void notification.accept(),
      onSessionDescriptionHandler: (handler) => this.#attachAudio(handler as SessionDescriptionHandler),
    };
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) this.#confirmed();
      if (state === SessionState.Terminated) this.#terminated();
    });
  }

  get id(): string {
    return this.call.id;
  }

  get handler(): SessionDescriptionHandler | undefined {
    return this.session.sessionDescriptionHandler as SessionDescriptionHandler | undefined;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** The conference mixer has this leg's sender: mic mute is the mixer's, not the sender's. */
  get inConference(): boolean {
    return this.#inConference;
  }

  /** Outgoing: the far end sends its own ringback (183 with SDP); we play none. */
  get earlyMedia(): boolean {
    return this.#earlyMedia;
  }

  /** Reports the `ringing` fact, the first fact of every leg; resolves once the host has it. */
  announce(fact: LegAnnouncement): Promise<void> {
    return this.context.onFact({
      type: 'ringing',
      callKey: this.call.id,
      direction: this.call.direction,
      remoteNumber: this.call.remoteNumber,
      at: this.call.ringingAt,
      ...fact,
    });
  }

  /** Sends the INVITE of an outgoing leg; its fate arrives through the session's state. */
  async invite(): Promise<void> {
    if (!(this.session instanceof Inviter)) return;
    try {
      await this.session.invite({
        sessionDescriptionHandlerOptions: media,
        sessionDescriptionHandlerModifiers: this.context.modifiers(),
        requestDelegate: {
          onProgress: (response) => {
            const code = response.message.statusCode ?? 0;
            if (response.message.body) this.#earlyMedia = true;
            if ((code === 180 || code === 183) && !this.call.remoteRinging)
              this.update({ remoteRinging: true });
          },
          onReject: (response) => {
            this.#ending.rejection = {
              sipCode: response.message.statusCode ?? 500,
              reasonPhrase: (response.message.reasonPhrase ?? '').slice(0, 200),
            };
          },
        },
      });
    } catch {
      // No offer, no INVITE: sip.js ended the session before rejecting (a refused microphone was
      // told to `microphoneRefused` first); end the leg should it still stand.
      this.#forceEnd();
    }
  }

  /**
   * The microphone could not be opened for this call (none, or the agent or the system refused
   * it): that is why it ends. Told before sip.js ends the session, which reports no reason.
   */
  microphoneRefused(): void {
    this.#ending.failure ??= 'The microphone could not be opened';
  }

  async answer(): Promise<void> {
    if (!(this.session instanceof Invitation) || this.call.phase !== 'ringing') return;
    this.#transition('answer', { autoAnswerAt: undefined });
    try {
      await this.session.accept({
        sessionDescriptionHandlerOptions: media,
        sessionDescriptionHandlerModifiers: this.context.modifiers(),
      });
    } catch {
      // sip.js has refused the INVITE and ended the session before rejecting; a refused
      // microphone was told to `microphoneRefused` first.
    }
  }

  async decline(sipCode: 486 | 603 = 603): Promise<void> {
    if (!(this.session instanceof Invitation) || this.call.phase !== 'ringing') return;
    this.#ending.localAction = 'decline';
    this.#ending.declineCode = sipCode;
    try {
      await this.session.reject({ statusCode: sipCode });
    } catch {
      this.#forceEnd();
    }
  }

  /** Refuses a ringing call for a reason of the phone's, not the agent's (e.g. 488: no usable codec). */
  async refuse(sipCode: number, why: string): Promise<void> {
    if (!(this.session instanceof Invitation) || this.call.phase !== 'ringing') return;
    this.#ending.failure = why;
    try {
      await this.session.reject({ statusCode: sipCode });
    } catch {
      this.#forceEnd();
    }
  }

  /** Ends the leg whatever its phase: decline, cancel, or BYE. */
  async hangup(action: LocalAction = 'hangup'): Promise<void> {
    if (this.#ended) return;
    if (this.call.phase === 'ringing') return this.decline(603);
    if (this.session instanceof Inviter && this.session.state === SessionState.Establishing) {
      this.#ending.localAction = 'cancel';
      await this.session.cancel().catch(() => this.#forceEnd());
      return;
    }
    this.#ending.localAction ??= action;
    try {
      if (this.session.state === SessionState.Established) await this.session.bye();
      else this.#forceEnd();
    } catch {
      this.#forceEnd();
    }
    // A BYE that cannot leave (connection gone) must not leave the call on screen.
    setTimeout(() => this.#forceEnd(), 5_000);
  }

  /** Hold (true) or resume (false) with a re-INVITE; the phase follows only on success. */
  async setHold(hold: boolean): Promise<boolean> {
    const from = hold ? 'active' : 'held';
    if (this.call.phase !== from || this.call.pending) return false;
    this.update({ pending: hold ? 'hold' : 'resume' });
    const outcome = await this.reinvite({ hold });
    if (this.#ended) return false;
    if (!outcome.ok) {
      // sip.js keeps the failed options for the next re-INVITE (#685): put the truth back.
      this.session.sessionDescriptionHandlerOptionsReInvite = {
        hold: !hold,
      } as Web.SessionDescriptionHandlerOptions;
      this.update({ pending: undefined });
      this.notify({ kind: hold ? 'hold-failed' : 'resume-failed', sipCode: outcome.sipCode });
      return false;
    }
    this.#transition(hold ? 'held' : 'resumed', { pending: undefined });
    void this.context.onFact({ type: hold ? 'held' : 'resumed', callKey: this.call.id, at: Date.now() });
    this.#applyMedia();
    return true;
  }

  /** A re-INVITE; with `iceRestart` it brings media back after the connection was lost (#1024). */
  reinvite(options: { hold: boolean; iceRestart?: boolean }): Promise<ReinviteOutcome> {
    const handlerOptions = {
      hold: options.hold,
      ...(options.iceRestart ? { offerOptions: { iceRestart: true } } : {}),
    } as Web.SessionDescriptionHandlerOptions;
    return new Promise<ReinviteOutcome>((resolve) => {
      const timer = setTimeout(() => done({ ok: false }), reinviteTimeoutMs);
      const done = (outcome: ReinviteOutcome) => {
        clearTimeout(timer);
        // Later re-INVITEs (the far end's included) must not restart ICE again.
        this.session.sessionDescriptionHandlerOptionsReInvite = {
          hold: this.call.phase === 'held' || (options.hold && outcome.ok),
        } as Web.SessionDescriptionHandlerOptions;
        resolve(outcome);
        this.#readDirection();
      };
      this.session
        .invite({
          sessionDescriptionHandlerOptions: handlerOptions,
          sessionDescriptionHandlerModifiers: this.context.modifiers(),
          requestDelegate: {
            onAccept: () => done({ ok: true }),
            onReject: (response) => done({ ok: false, sipCode: response.message.statusCode }),
          },
        })
        .catch(() => done({ ok: false }));
    });
  }

  setMuted(muted: boolean): void {
    if (this.call.muted === muted) return;
    this.update({ muted });
    this.#applyMedia();
  }

  /** Sender and speaker follow hold and mute: a held customer must not hear the agent. */
  #applyMedia(): void {
    const held = this.call.phase === 'held';
    const sender = this.#sender();
    if (sender?.track) sender.track.enabled = !held && (this.#inConference || !this.call.muted);
    this.#audio?.setSilenced(held);
  }

  async sendDtmf(digits: string): Promise<void> {
    const tones = dtmfOf(digits);
    if (!tones || this.session.state !== SessionState.Established) return;
    if (this.context.settings().dtmfMode === 'rfc4733') {
      // False when the far end did not negotiate telephone-event: INFO is the way left.
      await this.#dtmfSenderReady();
      if (this.#ended) return;
      if (this.handler?.sendDtmf(tones, { duration: dtmfToneMs, interToneGap: dtmfGapMs })) return;
    }
    try {
      for (const tone of tones) {
        await new Promise<void>((resolve, reject) => {
          this.session
            .info({
              requestOptions: {
                body: {
                  contentDisposition: 'render',
                  contentType: 'application/dtmf-relay',
                  content: dtmfInfoBody(tone),
                },
              },
              requestDelegate: {
                onAccept: () => resolve(),
                onReject: () => reject(new Error('INFO refused')),
              },
            })
            .catch(reject);
        });
        await new Promise((resolve) => setTimeout(resolve, dtmfGapMs));
      }
    } catch {
      this.notify({ kind: 'dtmf-failed' });
    }
  }

  /**
   * Sends a REFER for `target` (a URI whose text may carry Replaces). Resolves with the first
   * final outcome: the REFER refused, or the transferee's NOTIFY saying how its INVITE went.
   * `acceptedIsEnough` (blind transfer): the 202 is the outcome.
   */
  refer(target: URI, acceptedIsEnough: boolean): Promise<TransferProgress> {
    return new Promise<TransferProgress>((resolve) => {
      let settled = false;
      const settle = (progress: TransferProgress) => {
        if (settled || progress.kind === 'trying') return;
        settled = true;
        clearTimeout(timer);
        resolve(progress);
      };
      const timer = setTimeout(
        () => settle({ kind: 'failed', sipCode: 408, reasonPhrase: 'No answer from the transferee' }),
        30_000,
      );
      this.session
        .refer(target, {
          requestDelegate: {
            onAccept: () => {
              if (acceptedIsEnough) settle({ kind: 'succeeded' });
            },
            onReject: (response) =>
              settle({
                kind: 'failed',
                sipCode: response.message.statusCode ?? 500,
                reasonPhrase: response.message.reasonPhrase ?? '',
              }),
          },
          onNotify: (notification: Notification) => {
            void notification.accept();
            settle(transferProgress(notification.request.body));
          },
        })
        .catch(() => settle({ kind: 'failed', sipCode: 500, reasonPhrase: 'REFER could not be sent' }));
    });
  }

  /** The customer was handed over: the `transferred` fact, then our BYE. */
  async transferred(target: string): Promise<void> {
    this.#transferredTo = target;
    void this.context.onFact({
      type: 'transferred',
      callKey: this.call.id,
      target: { number: target },
      at: Date.now(),
    });
    await this.hangup('transfer');
  }

  /** The call is lost (connection gone and not restored): ends it now, reported as failed. */
  abandon(reason: string): void {
    if (this.#ended) return;
    this.#ending.failure = reason;
    if (this.session.state === SessionState.Established) void this.session.bye().catch(() => undefined);
    this.#forceEnd();
  }

  async sampleQuality(): Promise<LiveQuality | undefined> {
    const peerConnection = this.handler?.peerConnection;
    if (!peerConnection || this.#ended) return undefined;
    this.#readDirection();
    return this.monitor.add(await readMediaSample(peerConnection));
  }

  media(): CallMedia | null {
    const handler = this.handler;
    return handler ? { local: handler.localMediaStream, remote: handler.remoteMediaStream } : null;
  }

  /** The audio sender (its track is the microphone, or the conference mix). */
  sender(): RTCRtpSender | undefined {
    return this.#sender();
  }

  /** Swaps the microphone track (device hot-swap). In a conference the mixer owns the sender. */
  async replaceMicrophone(stream: MediaStream): Promise<void> {
    const handler = this.handler;
    const [track] = stream.getAudioTracks();
    if (!handler || !track) return;
    if (this.#inConference) {
      const local = handler.localMediaStream;
      for (const old of local.getAudioTracks()) {
        old.stop();
        local.removeTrack(old);
        local.dispatchEvent(new MediaStreamTrackEvent('removetrack', { track: old }));
      }
      local.addTrack(track);
      local.dispatchEvent(new MediaStreamTrackEvent('addtrack', { track }));
    } else {
      // Replaces the sender's track (replaceTrack) and the local stream's, with track events.
      await (
        handler as unknown as { setLocalMediaStream(stream: MediaStream): Promise<void> }
      ).setLocalMediaStream(stream);
    }
    this.#applyMedia();
    this.context.onMedia(this);
  }

  /**
   * An active leg joins the conference: `handOver` gives the mixer its sender and the far end's
   * audio, and from then on the mixer owns the sender; the call shows as in conference, unmuted
   * (mute is the mixer's). False, and nothing changes, when the leg cannot join.
   */
  async joinConference(
    handOver: (sender: RTCRtpSender, remote: MediaStream) => Promise<void>,
  ): Promise<boolean> {
    const sender = this.#sender();
    const remote = this.media()?.remote;
    if (!sender || !remote || this.call.phase !== 'active') return false;
    this.#inConference = true;
    await handOver(sender, remote);
    this.update({ conference: true, muted: false });
    this.#applyMedia();
    return true;
  }

  /** The mixer is letting go of this leg's sender (the leg ended or the conference closes). */
  leaveConference(): void {
    this.#inConference = false;
  }

  /** The mixer has closed and given the sender back: an ordinary call again. */
  conferenceClosed(): void {
    this.update({ conference: false });
    this.#applyMedia();
  }

  setSpeaker(deviceId: string): void {
    void this.#audio?.setSpeaker(deviceId);
  }

  notify(notice: CallNotice): void {
    this.update({ notice: { ...notice, at: Date.now() } });
  }

  update(change: Partial<PhoneCall>): void {
    this.call = { ...this.call, ...change };
    this.context.onChange(this);
  }

  /** Moves this call's transfer along transfer-state.ts; false (and nothing changes) when refused. */
  transferStep(event: TransferEvent): boolean {
    const next = nextTransfer(this.call.transfer, event);
    if (!next) return false;
    this.update(next);
    return true;
  }

  #transition(event: LegPhaseEvent, change: Partial<PhoneCall> = {}): boolean {
    const phase = nextLegPhase(this.call.phase, event);
    if (!phase) return false;
    this.update({ ...change, phase });
    return true;
  }

  #confirmed(): void {
    const at = Date.now();
    if (!this.#transition('confirmed', { answeredAt: at, remoteRinging: false })) return;
    void this.context.onFact({ type: 'answered', callKey: this.call.id, at });
    this.#applyMedia();
    this.#readDirection();
  }

  #terminated(): void {
    if (this.#ended) return;
    this.#ended = true;
    const at = Date.now();
    // sip.js ends an Inviter before it hands the final response to our request delegate: read
    // why it ended once that delegate has run.
    queueMicrotask(() => this.#report(at));
  }

  #report(at: number): void {
    const reason = legEndReason(
      { direction: this.call.direction, answered: this.call.answeredAt !== undefined },
      this.#ending,
    );
    this.#audio?.dispose();
    this.#audio = undefined;
    const quality = this.call.answeredAt !== undefined ? this.monitor.summary() : undefined;
    this.#transition('ended', {
      endedAt: at,
      end: { reason, transferredTo: this.#transferredTo },
      pending: undefined,
      autoAnswerAt: undefined,
      remoteRinging: false,
    });
    void this.context.onFact({
      type: 'ended',
      callKey: this.call.id,
      reason,
      at,
      ...(quality ? { quality } : {}),
    });
    this.context.onEnded(this);
  }

  /** Ends the leg locally when sip.js cannot (no connection to send on). */
  #forceEnd(): void {
    if (this.#ended) return;
    if (this.session.state !== SessionState.Terminated) this.session.dispose().catch(() => undefined);
    // dispose() ends the session asynchronously, or not at all when it was never started.
    queueMicrotask(() => this.#terminated());
  }

  #attachAudio(handler: SessionDescriptionHandler): void {
    if (this.#audio) return;
    this.#audio = new RemoteAudio(handler.remoteMediaStream, this.context.settings().audio.speakerId);
    this.#applyMedia();
    this.context.onMedia(this);
  }

  /** The far end's re-INVITE: on hold when it offers sendonly or inactive. */
  #remoteOffer(body: string | undefined): void {
    if (!body) return;
    const direction = audioDirection(body);
    const remoteHold = direction === 'sendonly' || direction === 'inactive';
    if (remoteHold !== this.call.remoteHold) this.update({ remoteHold });
    setTimeout(() => this.#readDirection(), 200);
  }

  #readDirection(): void {
    const peerConnection = this.handler?.peerConnection;
    const direction = peerConnection ? currentDirection(peerConnection) : undefined;
    if (direction && direction !== this.call.mediaDirection) this.update({ mediaDirection: direction });
  }

  /**
   * Right after the answer (digits dialled on answer, a CRM's EXTENSION) the media transport may
   * come up a moment after the 200 OK, and until then the RFC 4733 sender takes no tones: wait for
   * it while the far end negotiated telephone-event, the call lasts and `dtmfSenderWaitMs` allows.
   */
  async #dtmfSenderReady(): Promise<void> {
    const dtmf = this.#sender()?.dtmf;
    const remoteSdp = this.handler?.peerConnection?.remoteDescription?.sdp ?? '';
    if (!dtmf || !/telephone-event/i.test(remoteSdp)) return;
    const giveUpAt = Date.now() + dtmfSenderWaitMs;
    while (!dtmf.canInsertDTMF && !this.#ended && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, dtmfSenderPollMs));
    }
  }

  #sender(): RTCRtpSender | undefined {
    return this.handler?.peerConnection
      ?.getSenders()
      .find((sender) => sender.track?.kind === 'audio' || !sender.track);
  }
}
