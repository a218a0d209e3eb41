import type { UserAgent } from 'sip.js';

/**
 * OPTIONS to the PBX at an interval (off by default): a WebSocket can die without closing (NAT
 * timeout, a sleeping laptop's Wi-Fi), and until the next REGISTER refresh - minutes away - the
 * phone would not know that calls no longer reach it. No answer within `timeoutMs` (any answer
 * counts, even 404: the PBX is there) calls `onDead`.
 */
export class KeepAlive {
  #timer: ReturnType<typeof setInterval> | undefined;
  #waiting = false;
  /** The probe in flight: a probe of an earlier connection (stopped since) never judges this one. */
  #probeId = 0;

  constructor(
    private readonly userAgent: UserAgent,
    private readonly onDead: () => void,
    private readonly timeoutMs = 5_000,
  ) {}

  start(intervalSeconds: number): void {
    this.stop();
    if (intervalSeconds <= 0) return;
    this.#timer = setInterval(() => this.#probe(), intervalSeconds * 1000);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#waiting = false;
    this.#probeId += 1;
  }

  #probe(): void {
    if (this.#waiting || !this.userAgent.isConnected()) return;
    this.#waiting = true;
    const probeId = ++this.#probeId;
    let answered = false;
    const done = () => {
      answered = true;
      if (probeId === this.#probeId) this.#waiting = false;
    };
    const target = this.userAgent.configuration.uri.clone();
    target.user = undefined;
    const aor = this.userAgent.configuration.uri;
    try {
      const request = this.userAgent.userAgentCore.makeOutgoingRequestMessage(
        'OPTIONS',
        target,
        aor,
        aor,
        {},
      );
      this.userAgent.userAgentCore.request(request, {
        onAccept: done,
        onReject: (response) => {
          // 408/503 are made up locally by sip.js when the transport failed: no one answered.
          const local = response.message.statusCode === 408 || response.message.statusCode === 503;
          done();
          if (local && probeId === this.#probeId) this.onDead();
        },
        onRedirect: done,
      });
    } catch {
      done();
      this.onDead();
      return;
    }
    setTimeout(() => {
      if (answered || probeId !== this.#probeId) return;
      this.#waiting = false;
      this.onDead();
    }, this.timeoutMs);
  }
}
