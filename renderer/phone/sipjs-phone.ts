import type { Invitation } from 'sip.js';
import {
  Registerer,
  RegistererState,
  SessionState,
  UserAgent,
  type Cancel,
  type Core,
  type SessionDescriptionHandler,
} from 'sip.js';
import type { EndReason } from '../../common/calls/call-fact';
import type { SipAccount } from '../../common/settings/settings';
import { readCallQuality } from './call-quality';
import type { CallQuality, Phone, PhoneCall, PhoneDelegate } from './phone';

interface Leg {
  session: Invitation;
  call: PhoneCall;
  /** What we did to it, so the end can be told apart: our BYE, our decline, their CANCEL. */
  localAction?: 'hangup' | 'decline';
  cancel?: { completedElsewhere: boolean };
  audio?: HTMLAudioElement;
}

/** The PBX's reason a REGISTER was refused, in words an agent can act on. */
function registrationRefusal(response: Core.IncomingResponse): string {
  const { statusCode, reasonPhrase } = response.message;
  if (statusCode === 401 || statusCode === 407)
    return `Wrong extension or SIP password (${statusCode} ${reasonPhrase})`;
  if (statusCode === 403) return `The PBX refused this account (${statusCode} ${reasonPhrase})`;
  return `The PBX refused the registration (${statusCode} ${reasonPhrase})`;
}

/** Phone on sip.js over SIP-over-WebSocket with WebRTC media. */
export class SipJsPhone implements Phone {
  #userAgent: UserAgent | undefined;
  #registerer: Registerer | undefined;
  readonly #legs = new Map<string, Leg>();
  #account: SipAccount | undefined;

  constructor(private readonly delegate: PhoneDelegate) {}

  async start(account: SipAccount): Promise<void> {
    await this.stop();
    this.#account = account;
    const aor = `sip:${account.extension}@${account.domain}`;
    const uri = UserAgent.makeURI(aor);
    if (!uri) {
      this.delegate.onRegistration({ kind: 'failed', reason: `Not a valid SIP address: ${aor}` });
      return;
    }
    this.delegate.onRegistration({ kind: 'connecting', server: account.wsUrl });
    const userAgent = new UserAgent({
      uri,
      displayName: account.displayName || account.extension,
      authorizationUsername: account.extension,
      authorizationPassword: account.password,
      transportOptions: { server: account.wsUrl, connectionTimeout: 5 },
      // No public STUN by default (docs/PBX-RIG.md pitfall 1); the PBX's media relay does NAT.
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: [] },
        iceGatheringTimeout: 500,
      },
      logLevel: 'error',
      delegate: {
        onInvite: (invitation) => this.#ring(invitation),
        onDisconnect: (error) => {
          if (error)
            this.delegate.onRegistration({
              kind: 'failed',
              reason: `Connection to the PBX lost: ${error.message}`,
            });
        },
      },
    });
    this.#userAgent = userAgent;
    try {
      await userAgent.start();
    } catch {
      this.delegate.onRegistration({ kind: 'failed', reason: `Cannot reach the PBX at ${account.wsUrl}` });
      return;
    }
    this.delegate.onRegistration({ kind: 'registering' });
    const registerer = new Registerer(userAgent, { expires: 300 });
    this.#registerer = registerer;
    registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Registered) this.delegate.onRegistration({ kind: 'registered', aor });
    });
    await registerer.register({
      requestDelegate: {
        onReject: (response) =>
          this.delegate.onRegistration({ kind: 'failed', reason: registrationRefusal(response) }),
      },
    });
  }

  async stop(): Promise<void> {
    const userAgent = this.#userAgent;
    this.#userAgent = undefined;
    if (!userAgent) return;
    try {
      if (this.#registerer?.state === RegistererState.Registered) await this.#registerer.unregister();
    } catch {
      // Best effort: the PBX drops the contact when the WebSocket closes anyway.
    }
    await userAgent.stop();
    this.delegate.onRegistration({ kind: 'unconfigured' });
  }

  async answer(callId: string): Promise<void> {
    const leg = this.#legs.get(callId);
    if (!leg || leg.call.phase !== 'ringing') return;
    this.#update(leg, { phase: 'connecting' });
    await leg.session.accept({
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
    });
  }

  async decline(callId: string): Promise<void> {
    const leg = this.#legs.get(callId);
    if (!leg || leg.call.phase !== 'ringing') return;
    leg.localAction = 'decline';
    await leg.session.reject({ statusCode: 603 });
  }

  async hangup(callId: string): Promise<void> {
    const leg = this.#legs.get(callId);
    if (!leg) return;
    if (leg.call.phase === 'ringing') return this.decline(callId);
    if (leg.session.state !== SessionState.Established) return;
    leg.localAction = 'hangup';
    await leg.session.bye();
  }

  async quality(callId: string): Promise<CallQuality | null> {
    const peerConnection = this.#peerConnection(this.#legs.get(callId));
    return peerConnection ? readCallQuality(peerConnection) : null;
  }

  #ring(invitation: Invitation): void {
    const identity = invitation.remoteIdentity;
    const call: PhoneCall = {
      id: invitation.id,
      direction: 'incoming',
      remoteNumber: identity.uri.user ?? identity.displayName ?? 'anonymous',
      phase: 'ringing',
      ringingAt: Date.now(),
      ...(identity.displayName ? { remoteName: identity.displayName } : {}),
    };
    const leg: Leg = { session: invitation, call };
    this.#legs.set(call.id, leg);
    invitation.delegate = {
      onCancel: (cancel: Cancel) => {
        leg.cancel = {
          completedElsewhere: /cause\s*=\s*200\b/.test(cancel.request.getHeader('Reason') ?? ''),
        };
      },
      onBye: (bye) => void bye.accept(),
    };
    invitation.stateChange.addListener((state) => {
      if (state === SessionState.Established) this.#established(leg);
      if (state === SessionState.Terminated) this.#ended(leg);
    });
    this.delegate.onCall(call);
    const pbxCallId = this.#header(invitation, this.#account?.callIdHeader);
    const lineNumber = this.#header(invitation, this.#account?.lineHeader);
    this.delegate.onFact({
      type: 'ringing',
      callKey: call.id,
      direction: 'incoming',
      sipCallId: invitation.request.callId,
      remoteNumber: call.remoteNumber,
      at: call.ringingAt,
      ...(pbxCallId ? { pbxCallId } : {}),
      ...(lineNumber ? { lineNumber } : {}),
    });
  }

  /** A configured header of the INVITE, trimmed and bounded; undefined when not configured or absent. */
  #header(invitation: Invitation, name: string | undefined): string | undefined {
    if (!name) return undefined;
    const value = invitation.request.getHeader(name)?.trim().slice(0, 64);
    return value || undefined;
  }

  #established(leg: Leg): void {
    const at = Date.now();
    this.#update(leg, { phase: 'established', answeredAt: at });
    this.delegate.onFact({ type: 'answered', callKey: leg.call.id, at });
    const handler = leg.session.sessionDescriptionHandler as
      (SessionDescriptionHandler & { remoteMediaStream?: MediaStream }) | undefined;
    if (handler?.remoteMediaStream) {
      const audio = new Audio();
      audio.srcObject = handler.remoteMediaStream;
      void audio.play().catch(() => undefined);
      leg.audio = audio;
    }
  }

  #ended(leg: Leg): void {
    const at = Date.now();
    const reason = this.#endReason(leg);
    leg.audio?.pause();
    this.#legs.delete(leg.call.id);
    this.#update(leg, { phase: 'ended', endedAt: at, endedBecause: describe(reason) });
    this.delegate.onFact({ type: 'ended', callKey: leg.call.id, reason, at });
  }

  #endReason(leg: Leg): EndReason {
    if (leg.call.answeredAt !== undefined)
      return { kind: 'hangup', by: leg.localAction === 'hangup' ? 'local' : 'remote' };
    if (leg.localAction === 'decline') return { kind: 'declined', sipCode: 603 };
    if (leg.cancel) return { kind: 'caller-cancelled', completedElsewhere: leg.cancel.completedElsewhere };
    return { kind: 'failed', reasonPhrase: 'The call ended before it was answered' };
  }

  #update(leg: Leg, change: Partial<PhoneCall>): void {
    leg.call = { ...leg.call, ...change };
    this.delegate.onCall(leg.call);
  }

  #peerConnection(leg: Leg | undefined): RTCPeerConnection | undefined {
    const handler = leg?.session.sessionDescriptionHandler as
      { peerConnection?: RTCPeerConnection } | undefined;
    return handler?.peerConnection;
  }
}

function describe(reason: EndReason): string {
  switch (reason.kind) {
    case 'hangup':
      return reason.by === 'local' ? 'You hung up' : 'The caller hung up';
    case 'caller-cancelled':
      return reason.completedElsewhere ? 'Answered on another device' : 'The caller gave up';
    case 'declined':
      return 'Declined';
    case 'cancelled':
      return 'Cancelled';
    case 'rejected':
      return `${reason.sipCode} ${reason.reasonPhrase}`;
    case 'failed':
      return reason.reasonPhrase;
  }
}
