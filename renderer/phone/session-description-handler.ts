import {
  Web,
  type BodyAndContentType,
  type Session,
  type SessionDescriptionHandlerFactory,
  type SessionDescriptionHandlerModifier,
} from 'sip.js';
import { hostCandidatesReady } from './host-candidates-ready';

/**
 * Host candidates of the other interfaces arrive within moments of the first one: Chromium signals
 * the UDP host candidates of all networks in one burst (within a millisecond here); this leaves
 * room for one that comes a task later, and keeps a click-to-call's INVITE within its budget.
 */
const hostCandidatesSettleMs = 3;

/**
 * sip.js's WebRTC session description handler, plus the rollback sip.js asks for and its own
 * handler lacks: after a re-INVITE is refused (a hold the far end does not accept), sip.js calls
 * `rollbackDescription()` if it exists - and without it the peer connection stays in
 * have-local-offer, so every later re-INVITE, ours or theirs, fails (the root of sip.js #685).
 * And the SDP leaves as soon as its candidates are good enough (`hostCandidatesReady`), not when
 * gathering completes: that is what keeps the INVITE of a click-to-call within its budget.
 */
class SessionDescriptionHandler extends Web.SessionDescriptionHandler {
  /**
   * A call's first offer (an outgoing INVITE) is made while the microphone opens, not after: the
   * audio m-line comes from a transceiver added without a track, the microphone's track joins
   * that transceiver when it is open (addTrack reuses a transceiver that never sent), and the SDP
   * is handed to sip.js once both are done - so the INVITE waits for the slower of the two rather
   * than their sum. A microphone that cannot be opened fails the call exactly as before.
   */
  override getDescription(
    options?: Web.SessionDescriptionHandlerOptions,
    modifiers?: SessionDescriptionHandlerModifier[],
  ): Promise<BodyAndContentType> {
    const peerConnection = this.peerConnection;
    const firstOffer =
      peerConnection?.signalingState === 'stable' &&
      peerConnection.getTransceivers().length === 0 &&
      this.localMediaStream.getTracks().length === 0;
    if (!firstOffer) return super.getDescription(options, modifiers);
    peerConnection.addTransceiver('audio', { direction: 'sendrecv', streams: [this.localMediaStream] });
    // Records the constraints at once, so the offer below does not ask for the microphone again.
    const microphone = this.getLocalMediaStream(options);
    const description = super.getDescription(options, modifiers);
    // Whichever fails first fails the call; the other's failure is then of no interest.
    description.catch(() => undefined);
    microphone.catch(() => undefined);
    return Promise.all([description, microphone]).then(([offer]) => offer);
  }

  override waitForIceGatheringComplete(restart = false, timeout = 0): Promise<void> {
    const waiting = super.waitForIceGatheringComplete(restart, timeout);
    const peerConnection = this.peerConnection;
    if (!peerConnection || peerConnection.iceGatheringState === 'complete') return waiting;
    const hasIceServers = (peerConnection.getConfiguration().iceServers ?? []).length > 0;
    const ready = () => hostCandidatesReady(peerConnection.localDescription?.sdp ?? '', hasIceServers);
    const settle = () => {
      peerConnection.removeEventListener('icecandidate', onCandidate);
      setTimeout(() => this.iceGatheringComplete(), hostCandidatesSettleMs);
    };
    const onCandidate = () => {
      if (ready()) settle();
    };
    if (ready()) settle();
    else {
      peerConnection.addEventListener('icecandidate', onCandidate);
      void waiting
        .finally(() => peerConnection.removeEventListener('icecandidate', onCandidate))
        .catch(() => undefined);
    }
    return waiting;
  }

  rollbackDescription(): Promise<void> {
    const peerConnection = this.peerConnection;
    if (!peerConnection || peerConnection.signalingState !== 'have-local-offer') return Promise.resolve();
    return peerConnection.setLocalDescription({ type: 'rollback' });
  }
}

/** The factory for the user agent: our handler, the microphone for each session from `openMicrophone`. */
export function sessionDescriptionHandlerFactory(
  openMicrophone: (session: Session) => Promise<MediaStream>,
): SessionDescriptionHandlerFactory {
  return (session: Session, options?: Web.SessionDescriptionHandlerFactoryOptions) => {
    const configuration: Web.SessionDescriptionHandlerConfiguration = {
      iceGatheringTimeout: options?.iceGatheringTimeout ?? 500,
      peerConnectionConfiguration: {
        ...Web.defaultPeerConnectionConfiguration(),
        ...options?.peerConnectionConfiguration,
      },
    };
    const logger = session.userAgent.getLogger('sip.SessionDescriptionHandler');
    return new SessionDescriptionHandler(logger, () => openMicrophone(session), configuration);
  };
}
