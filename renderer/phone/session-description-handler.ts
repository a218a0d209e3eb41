import { Web, type Session, type SessionDescriptionHandlerFactory } from 'sip.js';

/**
 * sip.js's WebRTC session description handler, plus the rollback sip.js asks for and its own
 * handler lacks: after a re-INVITE is refused (a hold the far end does not accept), sip.js calls
 * `rollbackDescription()` if it exists - and without it the peer connection stays in
 * have-local-offer, so every later re-INVITE, ours or theirs, fails (the root of sip.js #685).
 */
class SessionDescriptionHandler extends Web.SessionDescriptionHandler {
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
