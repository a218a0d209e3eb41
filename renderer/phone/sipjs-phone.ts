import { Inviter, SIPExtension, SessionState, UserAgent, type Invitation, type Referral } from 'sip.js';
import { defaultPhoneSettings, type PhoneSettings } from '../../common/settings/phone-settings';
import { settledWithin } from '../../common/time/settled-within';
import { defaultLineHeader, type SipAccount } from '../../common/settings/settings';
import { CallLeg, type LegAnnouncement, type LegContext, type SdpModifier } from './call-leg';
import { newCall } from './new-call';
import { isConnected, isUnanswered } from './leg-phase';
import { AudioDevices } from './audio-devices';
import { offerHasUsableAudio, preferCodecs } from './codec-preference';
import { ConferenceMixer } from './conference-mixer';
import type { CallMedia, DialRequest, Phone, PhoneCall, PhoneDelegate, RemoteSound } from './phone';
import { RegistrationManager } from './registration-manager';
import { playToRemote } from './remote-playback';
import { sessionDescriptionHandlerFactory } from './session-description-handler';
import {
  autoAnswerRequest,
  callerNumber,
  displayName,
  headerValue,
  redirectedCall,
  referredCall,
  type HeaderReader,
} from './sip-headers';
import { TonePlayer } from './tone-player';
import { referTarget } from './transfer-target';
import { incomingDecision } from './incoming-policy';
import { lineTone } from './line-tone';

const lostWithConnection = 'The call was lost with the connection to the PBX';

/**
 * How long a new incoming call's screen and ringtone wait for the host to take its ringing fact.
 * Drawn at once, the page's first render of the call competed for the CPU with the host's journal
 * write and register request on a busy machine and made INVITE -> register twice as slow at p99
 * (docs/BENCHMARKS.md); the host answers within a few milliseconds, and one that does not (the
 * bridge reconnecting) holds the screen back no longer than this.
 */
const screenWaitsForHostMs = 50;

/**
 * The phone on sip.js over SIP-over-WebSocket with WebRTC media. It owns the lines: which call
 * rings, which one the agent talks on (the others are held), consultation and transfer,
 * conference, auto-answer, DND, tones and devices. Registration is RegistrationManager's; each
 * call is a CallLeg.
 */
export class SipJsPhone implements Phone {
  #userAgent: UserAgent | undefined;
  #registration: RegistrationManager | undefined;
  #account: SipAccount | undefined;
  #settings: PhoneSettings = defaultPhoneSettings;
  readonly #legs = new Map<string, CallLeg>();
  /** Legs the page has been told of (an incoming one waits for the host first, see #addLeg). */
  readonly #shown = new WeakSet<CallLeg>();
  /** What each outgoing leg dialled (the transfer target of a consultation). */
  readonly #dialled = new Map<string, string>();
  readonly #autoAnswers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #tones: TonePlayer;
  readonly #devices: AudioDevices;
  #mixer: ConferenceMixer | undefined;
  #qualityTimer: ReturnType<typeof setInterval> | undefined;
  #devicesNamed = false;
  readonly #context: LegContext;

  constructor(private readonly delegate: PhoneDelegate) {
    this.#tones = new TonePlayer((state) => delegate.onRingtone(state));
    this.#devices = new AudioDevices(() => void this.#devicesChanged());
    this.#context = {
      settings: () => this.#settings,
      modifiers: () => this.#modifiers(),
      onChange: (leg) => {
        this.#shown.add(leg);
        delegate.onCall(leg.call);
        this.#updateTones();
      },
      onFact: (fact) => delegate.onFact(fact),
      onEnded: (leg) => void this.#ended(leg),
      onMedia: (leg) => {
        const media = leg.media();
        if (media) delegate.onMedia?.(leg.id, media);
      },
      onRefer: (leg, referral) => void this.#followReferral(leg, referral),
    };
  }

  async start(account: SipAccount, settings: PhoneSettings): Promise<void> {
    await this.stop();
    this.#account = account;
    this.configure(settings);
    const aor = `sip:${account.extension}@${account.domain}`;
    const uri = UserAgent.makeURI(aor);
    if (!uri) {
      this.delegate.onRegistration({
        kind: 'failed',
        server: account.wsUrl,
        failure: { kind: 'invalid-account', detail: aor },
        attempt: 1,
        retryAt: null,
      });
      return;
    }
    const userAgent = new UserAgent({
      uri,
      displayName: account.displayName || account.extension,
      authorizationUsername: account.extension,
      authorizationPassword: account.password,
      transportOptions: { server: account.wsUrl, connectionTimeout: 5 },
      sessionDescriptionHandlerFactory: sessionDescriptionHandlerFactory((session) =>
        this.#openMicrophone(session.id),
      ),
      sessionDescriptionHandlerFactoryOptions: {
        // None by default (pitfall 1, docs/ARCHITECTURE.md#rig-pitfalls): the PBX's media relay handles NAT.
        peerConnectionConfiguration: { iceServers: iceServersOf(settings) },
        iceGatheringTimeout: 500,
      },
      sipExtensionReplaces: SIPExtension.Supported,
      // Queues may ring for minutes; the PBX decides when a caller gives up.
      noAnswerTimeout: 300,
      logLevel: 'error',
      delegate: {
        onInvite: (invitation) => this.#incoming(invitation),
        onDisconnect: (error) => {
          if (error) this.#registration?.transportLost();
        },
      },
    });
    this.#userAgent = userAgent;
    this.#registration = new RegistrationManager(
      userAgent,
      {
        server: account.wsUrl,
        aor,
        expiresSeconds: settings.network.registerExpiresSeconds,
        keepAliveSeconds: settings.network.keepAliveSeconds,
      },
      {
        onState: (state) => this.delegate.onRegistration(state),
        onConnectionLost: () => this.#connectionLost(),
        onReconnected: () => void this.#restoreMedia(),
      },
    );
    this.#registration.start();
    this.#qualityTimer = setInterval(() => void this.#sampleQuality(), 1_000);
    void this.#publishDevices();
  }

  async stop(): Promise<void> {
    const userAgent = this.#userAgent;
    const registration = this.#registration;
    this.#userAgent = undefined;
    this.#registration = undefined;
    if (this.#qualityTimer) clearInterval(this.#qualityTimer);
    this.#qualityTimer = undefined;
    for (const leg of this.#legs.values()) leg.abandon('The phone was signed out');
    if (!userAgent) return;
    await registration?.stop();
    await userAgent.stop().catch(() => undefined);
  }

  configure(settings: PhoneSettings): void {
    const speakerChanged = settings.audio.speakerId !== this.#settings.audio.speakerId;
    const microphoneChanged = microphoneOf(settings) !== microphoneOf(this.#settings);
    this.#settings = settings;
    this.#devices.configure(settings.audio);
    this.#tones.configure(settings.audio.ringerId, settings.audio.ringtoneVolume);
    if (speakerChanged) for (const leg of this.#legs.values()) leg.setSpeaker(settings.audio.speakerId);
    // Another microphone or other processing chosen mid-call: the calls take it at once.
    if (microphoneChanged) void this.#swapMicrophones(() => Promise.resolve(true));
  }

  checkRegistration(): void {
    this.#registration?.checkNow();
  }

  async dial(request: DialRequest): Promise<string | null> {
    const userAgent = this.#userAgent;
    const target = this.#uriOf(request.dialString);
    if (!userAgent || !target) return null;
    await this.#holdActive();
    const lineHeader = this.#account?.lineHeader || defaultLineHeader;
    const inviter = new Inviter(userAgent, target, {
      earlyMedia: true,
      ...(request.lineNumber ? { extraHeaders: [`${lineHeader}: ${request.lineNumber}`] } : {}),
    });
    const leg = this.#addLeg(
      inviter,
      {
        ...newCall(inviter.id, 'outgoing', request.number),
        origin: request.origin?.kind ?? 'dialpad',
        phase: 'calling',
      },
      { sipCallId: inviter.request.callId, ...(request.origin ? { origin: request.origin } : {}) },
    );
    this.#dialled.set(leg.id, request.dialString);
    const digits = request.dtmfOnAnswer;
    if (digits)
      inviter.stateChange.addListener((state) => {
        if (state === SessionState.Established) void leg.sendDtmf(digits);
      });
    void leg.invite();
    return leg.id;
  }

  async answer(callId: string): Promise<void> {
    const leg = this.#legs.get(callId);
    if (!leg || leg.call.phase !== 'ringing') return;
    this.#cancelAutoAnswer(callId);
    await this.#holdActive(callId);
    await leg.answer();
  }

  async decline(callId: string, sipCode: 486 | 603 = 603): Promise<void> {
    this.#cancelAutoAnswer(callId);
    await this.#legs.get(callId)?.decline(sipCode);
  }

  async hangup(callId: string): Promise<void> {
    this.#cancelAutoAnswer(callId);
    await this.#legs.get(callId)?.hangup();
  }

  async hold(callId: string): Promise<void> {
    await this.#legs.get(callId)?.setHold(true);
  }

  async resume(callId: string): Promise<void> {
    const leg = this.#legs.get(callId);
    if (!leg || leg.call.phase !== 'held') return;
    if (!leg.inConference) await this.#holdActive(callId);
    await leg.setHold(false);
  }

  async swap(callId: string): Promise<void> {
    const leg = this.#legs.get(callId);
    if (!leg) return;
    if (leg.call.phase === 'held') await this.resume(callId);
  }

  setMuted(callId: string, muted: boolean): void {
    const leg = this.#legs.get(callId);
    if (!leg) return;
    if (leg.inConference && this.#mixer) {
      this.#mixer.setMicrophoneMuted(muted);
      for (const member of this.#conferenceLegs()) member.setMuted(muted);
      return;
    }
    leg.setMuted(muted);
  }

  async sendDtmf(callId: string, digits: string): Promise<void> {
    await this.#legs.get(callId)?.sendDtmf(digits);
  }

  async blindTransfer(callId: string, target: DialRequest): Promise<void> {
    const leg = this.#legs.get(callId);
    const uri = this.#uriOf(target.dialString);
    if (!leg || !uri || !isConnected(leg.call.phase)) return;
    if (!leg.transferStep({ kind: 'blind', target: target.number })) return;
    const progress = await leg.refer(uri, true);
    if (progress.kind === 'succeeded') {
      await leg.transferred(target.number);
      return;
    }
    leg.transferStep({ kind: 'failed' });
    if (progress.kind === 'failed')
      leg.notify({ kind: 'transfer-failed', sipCode: progress.sipCode, reasonPhrase: progress.reasonPhrase });
  }

  async consult(callId: string, target: DialRequest): Promise<string | null> {
    const leg = this.#legs.get(callId);
    if (!leg || !isConnected(leg.call.phase) || leg.call.transfer) return null;
    if (leg.call.phase === 'active' && !(await leg.setHold(true))) return null;
    const consultationId = await this.dial({ ...target, origin: { kind: 'consultation' } });
    const consultation = consultationId ? this.#legs.get(consultationId) : undefined;
    if (!consultationId || !consultation) return null;
    consultation.update({ consultationFor: callId });
    leg.transferStep({ kind: 'consult', target: target.number, consultationId });
    return consultationId;
  }

  async completeTransfer(consultationId: string): Promise<void> {
    const consultation = this.#legs.get(consultationId);
    const customer = consultation?.call.consultationFor
      ? this.#legs.get(consultation.call.consultationFor)
      : undefined;
    const dialog = consultation?.session.dialog;
    const dialled = this.#dialled.get(consultationId);
    const target = dialled ? this.#uriOf(dialled) : undefined;
    // sip.js #874: Replaces needs the consultation's dialog, so it must be answered first.
    if (!consultation || !customer || !dialog || !target) return;
    if (!isConnected(consultation.call.phase) || !isConnected(customer.call.phase)) return;
    if (!customer.transferStep({ kind: 'complete' })) return;
    const progress = await customer.refer(
      referTarget(target, { callId: dialog.callId, localTag: dialog.localTag, remoteTag: dialog.remoteTag }),
      false,
    );
    if (progress.kind === 'succeeded') {
      await customer.transferred(consultation.call.remoteNumber);
      // The target hangs up the consultation it replaced; if it does not, we do.
      setTimeout(() => void consultation.hangup(), 3_000);
      return;
    }
    customer.transferStep({ kind: 'failed' });
    if (progress.kind === 'failed')
      customer.notify({
        kind: 'transfer-failed',
        sipCode: progress.sipCode,
        reasonPhrase: progress.reasonPhrase,
      });
  }

  async cancelConsultation(consultationId: string): Promise<void> {
    const consultation = this.#legs.get(consultationId);
    const customerId = consultation?.call.consultationFor;
    if (!consultation || !customerId) return;
    await consultation.hangup();
    const customer = this.#legs.get(customerId);
    if (!customer) return;
    customer.transferStep({ kind: 'consultation-ended', consultationId });
    await customer.setHold(false);
  }

  async conference(callIds: string[]): Promise<void> {
    const legs = callIds
      .map((id) => this.#legs.get(id))
      .filter((leg): leg is CallLeg => leg !== undefined && isConnected(leg.call.phase) && !leg.inConference);
    const existing = this.#conferenceLegs();
    if (legs.length + existing.length < 2) return;
    for (const leg of legs) if (leg.call.phase === 'held') await leg.setHold(false);
    const microphone = (existing[0] ?? legs[0])?.media()?.local;
    if (!microphone) return;
    this.#mixer ??= new ConferenceMixer(microphone);
    const mixer = this.#mixer;
    for (const leg of legs)
      await leg.joinConference((sender, remote) => mixer.add({ id: leg.id, sender, remote }));
    mixer.setMicrophoneMuted(false);
  }

  async splitConference(keepActive?: string): Promise<void> {
    const members = this.#conferenceLegs();
    await this.#closeConference();
    for (const leg of members)
      if (leg.id !== keepActive && leg.call.phase === 'active') await leg.setHold(true);
  }

  media(callId: string): CallMedia | null {
    return this.#legs.get(callId)?.media() ?? null;
  }

  async playToRemote(callId: string, sound: RemoteSound): Promise<void> {
    const leg = this.#legs.get(callId);
    const sender = leg?.sender();
    if (!leg || !sender || leg.inConference || leg.call.phase !== 'active') return;
    await playToRemote(sender, sound);
  }

  unlockAudio(): void {
    this.#tones.unlock();
  }

  #incoming(invitation: Invitation): void {
    const headers: HeaderReader = (name) => invitation.request.getHeaders(name);
    const identity = invitation.assertedIdentity ?? invitation.remoteIdentity;
    const busy = [...this.#legs.values()].some((other) => !other.ended);
    const pbxCallId = headerValue(headers, this.#account?.callIdHeader, 256);
    const lineNumber = headerValue(headers, this.#account?.lineHeader || defaultLineHeader, 64);
    const leg = this.#addLeg(
      invitation,
      {
        ...newCall(invitation.id, 'incoming', callerNumber(identity.uri.user, identity.displayName)),
        remoteName: displayName(identity.displayName ?? invitation.remoteIdentity.displayName),
        waiting: busy,
      },
      {
        sipCallId: invitation.request.callId.slice(0, 256),
        ...(pbxCallId ? { pbxCallId } : {}),
        ...(lineNumber ? { lineNumber } : {}),
        ...(redirectedCall(headers) ? { redirected: true as const } : {}),
        ...(referredCall(headers) ? { referred: true as const } : {}),
      },
      'when-host-has-it',
    );

    const decision = incomingDecision(
      {
        replaces: this.#replacedBy(invitation),
        offerUsable: offerHasUsableAudio(invitation.body),
        busy,
        autoAnswerRequest: autoAnswerRequest(headers),
      },
      this.#settings,
    );
    switch (decision.kind) {
      case 'take-over': {
        // Attended transfer to us: the new call takes over the consultation, without ringing.
        const replaced = decision.replaces;
        invitation.stateChange.addListener(() => {
          if (isConnected(leg.call.phase)) void replaced.hangup();
        });
        void leg.answer();
        return;
      }
      case 'refuse':
        void leg.refuse(decision.sipCode, decision.why);
        return;
      case 'decline':
        void leg.decline(decision.sipCode);
        return;
      case 'ring': {
        const delayMs = decision.autoAnswerAfterMs;
        if (delayMs === undefined) return;
        leg.update({ autoAnswerAt: Date.now() + delayMs });
        this.#autoAnswers.set(
          leg.id,
          setTimeout(() => {
            this.#autoAnswers.delete(leg.id);
            void this.answer(leg.id);
          }, delayMs),
        );
      }
    }
  }

  /** The leg an INVITE with Replaces takes over: one of ours, connected, with that dialog. */
  #replacedBy(invitation: Invitation): CallLeg | undefined {
    if (!invitation.request.hasHeader('replaces')) return undefined;
    const replaces = invitation.request.parseHeader('replaces') as
      { call_id?: string; replaces_to_tag?: string; replaces_from_tag?: string } | undefined;
    return [...this.#legs.values()].find((leg) => {
      const dialog = leg.session.dialog;
      return (
        dialog !== undefined &&
        isConnected(leg.call.phase) &&
        dialog.callId === replaces?.call_id &&
        dialog.localTag === replaces.replaces_to_tag &&
        dialog.remoteTag === replaces.replaces_from_tag
      );
    });
  }

  /** We are being transferred: call the target the far end names; the far end hangs up on us. */
  async #followReferral(leg: CallLeg, referral: Referral): Promise<void> {
    const userAgent = this.#userAgent;
    if (!userAgent) {
      await referral.reject();
      return;
    }
    await referral.accept();
    const inviter = referral.makeInviter({ earlyMedia: true });
    const next = this.#addLeg(
      inviter,
      {
        ...newCall(inviter.id, 'outgoing', callerNumber(referral.referTo.uri.user, undefined)),
        origin: 'dialpad',
        phase: 'calling',
      },
      { sipCallId: inviter.request.callId },
    );
    if (leg.call.phase === 'active') await leg.setHold(true);
    await next.invite();
  }

  /**
   * A new leg: its `ringing` fact goes to the host first - the journal and Bitrix24's register wait
   * on it - and only then the screen, the tones and whatever the page asks the host on seeing it.
   * An incoming leg is shown once the host has the fact (or after `screenWaitsForHostMs`), unless
   * something about it changes sooner; the agent's own outgoing call shows at once.
   */
  #addLeg(
    session: Invitation | Inviter,
    call: PhoneCall,
    ringing: LegAnnouncement,
    show: 'now' | 'when-host-has-it' = 'now',
  ): CallLeg {
    const leg = new CallLeg(session, call, this.#context);
    this.#legs.set(leg.id, leg);
    const taken = leg.announce(ringing);
    if (show === 'now') this.#context.onChange(leg);
    else
      void settledWithin(taken, screenWaitsForHostMs).then(() => {
        if (!this.#shown.has(leg)) this.#context.onChange(leg);
      });
    return leg;
  }

  async #ended(leg: CallLeg): Promise<void> {
    this.#legs.delete(leg.id);
    this.#dialled.delete(leg.id);
    this.#cancelAutoAnswer(leg.id);
    if (leg.inConference) {
      leg.leaveConference();
      await this.#mixer?.remove(leg.id);
      if (this.#conferenceLegs().length < 2) await this.#closeConference();
    }
    for (const other of this.#legs.values()) {
      // A consultation that ended leaves the customer held, no longer mid-transfer.
      other.transferStep({ kind: 'consultation-ended', consultationId: leg.id });
      // A customer who hung up during the consultation turns it into an ordinary call.
      if (other.call.consultationFor === leg.id) other.update({ consultationFor: undefined });
      if (other.call.waiting && !this.#othersBusy(other)) other.update({ waiting: false });
    }
    this.#updateTones();
  }

  async #closeConference(): Promise<void> {
    const mixer = this.#mixer;
    this.#mixer = undefined;
    const members = this.#conferenceLegs();
    for (const leg of members) leg.leaveConference();
    await mixer?.close();
    for (const leg of members) leg.conferenceClosed();
  }

  #conferenceLegs(): CallLeg[] {
    return [...this.#legs.values()].filter((leg) => leg.inConference);
  }

  #othersBusy(except: CallLeg): boolean {
    return [...this.#legs.values()].some((leg) => leg !== except && !leg.ended);
  }

  /** Holds every active call but `except` (one line talks at a time; the conference is one line). */
  async #holdActive(except?: string): Promise<void> {
    const active = [...this.#legs.values()].filter((leg) => leg.id !== except && leg.call.phase === 'active');
    if (active.some((leg) => leg.inConference)) await this.splitConference();
    await Promise.all(active.filter((leg) => !leg.inConference).map((leg) => leg.setHold(true)));
  }

  #connectionLost(): void {
    for (const leg of [...this.#legs.values()]) {
      // Unanswered calls cannot be answered or cancelled without signalling: end them now.
      if (isUnanswered(leg.call.phase)) leg.abandon(lostWithConnection);
      else if (isConnected(leg.call.phase)) {
        leg.update({ signalling: 'lost' });
        leg.notify({ kind: 'connection-lost' });
      }
    }
  }

  /** The connection is back: re-INVITE with ICE restart so media flows again (sip.js #1024). */
  async #restoreMedia(): Promise<void> {
    const legs = [...this.#legs.values()].filter(
      (leg) => isConnected(leg.call.phase) && leg.call.signalling !== 'ok',
    );
    await Promise.all(
      legs.map(async (leg) => {
        leg.update({ signalling: 'restoring' });
        const outcome = await leg.reinvite({ hold: leg.call.phase === 'held', iceRestart: true });
        if (outcome.ok) {
          leg.update({ signalling: 'ok' });
          leg.notify({ kind: 'media-restored' });
        } else {
          leg.abandon(`${lostWithConnection}; it could not be restored`);
        }
      }),
    );
  }

  async #sampleQuality(): Promise<void> {
    for (const leg of this.#legs.values()) {
      if (!isConnected(leg.call.phase)) continue;
      try {
        const live = await leg.sampleQuality();
        if (live) this.delegate.onQuality(leg.id, live);
      } catch {
        // The peer connection closed between the check and the read.
      }
    }
  }

  async #publishDevices(): Promise<void> {
    try {
      this.delegate.onDevices(await this.#devices.list());
    } catch {
      // No media devices in this context: nothing to choose from.
    }
  }

  /** A microphone for a call. Device names are given only once one was allowed: publish them then. */
  async #openMicrophone(callId: string): Promise<MediaStream> {
    const stream = await this.#devices.openMicrophone().catch((error: unknown) => {
      // The call's leg hears why before sip.js ends the session for the missing offer or answer.
      this.#legs.get(callId)?.microphoneRefused();
      throw error;
    });
    if (!this.#devicesNamed) {
      this.#devicesNamed = true;
      void this.#publishDevices();
    }
    return stream;
  }

  /** A headset was plugged or unplugged: calls move to the right microphone. */
  async #devicesChanged(): Promise<void> {
    await this.#publishDevices();
    await this.#swapMicrophones((track) => this.#devices.needsSwap(track));
  }

  /** Replaces the microphone track of the connected calls that `needsSwap` (replaceTrack). */
  async #swapMicrophones(
    needsSwap: (track: MediaStreamTrack | undefined) => Promise<boolean>,
  ): Promise<void> {
    let swapped: MediaStream | undefined;
    for (const leg of this.#legs.values()) {
      if (!isConnected(leg.call.phase)) continue;
      const [track] = leg.media()?.local.getAudioTracks() ?? [];
      if (!(await needsSwap(track))) continue;
      try {
        const stream = await this.#devices.openMicrophone();
        await leg.replaceMicrophone(stream);
        if (leg.inConference) swapped ??= stream;
        leg.notify({ kind: 'microphone-switched', label: stream.getAudioTracks()[0]?.label ?? '' });
      } catch {
        leg.notify({ kind: 'microphone-failed' });
      }
    }
    if (swapped) this.#mixer?.setMicrophone(swapped);
  }

  #updateTones(): void {
    const legs = [...this.#legs.values()]
      .filter((leg) => !leg.ended)
      .map((leg) => ({ ...leg.call, earlyMedia: leg.earlyMedia }));
    const tone = lineTone(legs, Date.now());
    if (tone) this.#tones.play(tone);
    else this.#tones.stop();
  }

  #cancelAutoAnswer(callId: string): void {
    const timer = this.#autoAnswers.get(callId);
    if (timer) clearTimeout(timer);
    this.#autoAnswers.delete(callId);
  }

  #uriOf(dialString: string) {
    const domain = this.#account?.domain;
    if (!domain || !/^[0-9A-Za-z+*#._-]{1,64}$/.test(dialString)) return undefined;
    return UserAgent.makeURI(`sip:${dialString}@${domain}`);
  }

  #modifiers(): SdpModifier[] {
    const codecs = this.#settings.codecs;
    return [
      (description) => Promise.resolve({ ...description, sdp: preferCodecs(description.sdp ?? '', codecs) }),
    ];
  }
}

/** What the microphone stream depends on: a change means a new stream for the calls. */
function microphoneOf({ audio }: PhoneSettings): string {
  return JSON.stringify([
    audio.microphoneId,
    audio.echoCancellation,
    audio.noiseSuppression,
    audio.autoGainControl,
  ]);
}

function iceServersOf(settings: PhoneSettings): RTCIceServer[] {
  return settings.network.iceServers.map((server) => ({
    urls: server.urls,
    ...(server.username ? { username: server.username } : {}),
    ...(server.credential ? { credential: server.credential } : {}),
  }));
}
