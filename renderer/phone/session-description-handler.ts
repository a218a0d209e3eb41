import { Web, type Session, type SessionDescriptionHandlerFactory } from 'sip.js';
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

/** The factory for the user agent: our handler, the microphone from `openMicrophone`. */
export function sessionDescriptionHandlerFactory(
  openMicrophone: () => Promise<MediaStream>,
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
    return new SessionDescriptionHandler(logger, () => openMicrophone(), configuration);
  };
}
