/**
 * Whether an offer may leave before ICE gathering completes. Without STUN or TURN servers (the
 * default: the PBX's media relay handles NAT) the only candidates are the machine's own, and the
 * UDP ones are gathered together, at once; Chromium then spends another 100-150 ms on TCP host
 * candidates, which the media relays we talk to (rtpengine, Asterisk, FreeSWITCH) do not use for
 * WebRTC. With servers, their reflexive and relay candidates are worth waiting for.
 */
export function hostCandidatesReady(sdp: string, hasIceServers: boolean): boolean {
  return !hasIceServers && /^a=candidate:\S+ \d+ udp \d+ \S+ \d+ typ host/im.test(sdp);
}
