import { setTimeout as sleep } from 'node:timers/promises';
import type { HubRequestParams, HubRequestResult } from '../../../common/relay/hub-protocol';
import type { Logger } from '../log/logger';
import { HubRequestFailed, type RelayHubLink } from './relay-hub-link';
import type { RelayLink } from './relay-link';
import { Emitter } from '../../../common/events/emitter';
import { withTimeout } from './with-timeout';

/**
 * Who registers a ring-group call: `claimant` registers it and shares the CALL_ID; `member` shows
 * the card for itself on the claimant's CALL_ID (here, later through `onCallId`, or from a claim
 * again once the hub connected again); `alone` means no relay answered in time, and the app
 * registers the call by itself (the documented limitation without a relay: every forked device
 * registers).
 */
export interface RingClaimOutcome {
  role: 'claimant' | 'member' | 'alone';
  callId?: string;
  /** Someone already answered (a member that rang late). */
  answeredBy?: number;
}

/** What an app reports of its own leg; each is safe to repeat at the relay. */
type RingReport = 'ring/registered' | 'ring/answered' | 'ring/left';

/** A report the relay refused as `rate-limited` waits this long before it is sent again, doubling. */
const rateLimitedRetryMs = 250;
const maxRateLimitedRetryMs = 4_000;

type CallIdListener = (externalCallId: string, callId: string) => void;
type AnsweredElsewhereListener = (externalCallId: string, answeredBy: number, callId?: string) => void;

/**
 * The app's side of ring-group coordination (docs/ARCHITECTURE.md#ring-group), for the call tracker:
 * claim an incoming call's external id before registering it (again after a reconnect, while
 * waiting for its CALL_ID), share the CALL_ID after registering, say when this agent answered or
 * left (these three reports sent until the relay has them), and hear the CALL_ID and "answered
 * elsewhere" from the relay.
 */
export class RingGroupCoordinator {
  readonly #events = new Emitter<{
    callId: Parameters<CallIdListener>;
    answeredElsewhere: Parameters<AnsweredElsewhereListener>;
  }>();

  constructor(
    private readonly relay: RelayLink,
    private readonly log: Logger,
    /**
     * A ringing call cannot wait long for the relay: past this the app registers alone. The phone
     * rings meanwhile; only the call's first journal entry and register wait.
     */
    private readonly claimTimeoutMs = 1_500,
  ) {
    relay.onNotice((notice) => {
      if (notice.kind === 'ring-call-id') {
        this.#events.emit('callId', notice.externalCallId, notice.callId);
      } else if (notice.kind === 'ring-answered-elsewhere') {
        this.#events.emit('answeredElsewhere', notice.externalCallId, notice.answeredBy, notice.callId);
      }
    });
  }

  async claim(externalCallId: string): Promise<RingClaimOutcome> {
    const hub = this.relay.hub();
    if (!hub || hub.state !== 'connected') return { role: 'alone' };
    try {
      const answer = await withTimeout(hub.request('ring/claim', { externalCallId }), this.claimTimeoutMs);
      return {
        role: answer.role,
        ...(answer.callId ? { callId: answer.callId } : {}),
        ...(answer.answeredBy !== undefined ? { answeredBy: answer.answeredBy } : {}),
      };
    } catch (error) {
      this.log.warn({ err: error, externalCallId }, 'ring-group claim unanswered');
      return { role: 'alone' };
    }
  }

  /** The claimant registered the call: the other members show their cards on this CALL_ID. */
  registered(externalCallId: string, callId: string): void {
    void this.#report('ring/registered', { externalCallId, callId });
  }

  /** This agent answered: the others stop ringing. Null when the relay could not be told. */
  answered(externalCallId: string): Promise<HubRequestResult<'ring/answered'> | null> {
    return this.#report('ring/answered', { externalCallId });
  }

  /** This agent's leg ended unanswered: the relay finishes the call if every member's did. */
  left(externalCallId: string): void {
    void this.#report('ring/left', { externalCallId });
  }

  /**
   * Tells the relay what this agent's leg did. The relay decides the call's fate from these reports:
   * a call whose CALL_ID it never heard of is never finished as missed (and its other members never
   * show their cards on it), an answer it never heard of is finished as missed after
   * `ringGroups.maxRingMs`, even while it is being talked. So a report the hub could not carry is
   * sent again, until the relay answers it or refuses it for another reason than `rate-limited`,
   * or the link is stopped or signed out: one not sent or lost in flight (not connected, the relay
   * instance holding the connection killed) once the hub is connected again; one the relay did not
   * answer in the hub's request time-out (the instance frozen or overloaded, its socket still open)
   * at once, on whatever connection the hub has then - each try waits out that time-out or the
   * reconnect, so this never spins; one the relay refused as `rate-limited` after a pause that
   * doubles from `rateLimitedRetryMs` up to `maxRateLimitedRetryMs` (dropped, it would leave a
   * talked call to be finished as missed). The relay takes a repeat as the same CALL_ID, answer or
   * leave.
   */
  async #report<M extends RingReport>(
    method: M,
    params: HubRequestParams<M>,
  ): Promise<HubRequestResult<M> | null> {
    const { externalCallId } = params;
    let pause = rateLimitedRetryMs;
    for (;;) {
      const hub = this.relay.hub();
      if (!hub) return null;
      try {
        return await hub.request(method, params);
      } catch (error) {
        const code = error instanceof HubRequestFailed ? error.code : undefined;
        const retry = code === 'offline' || code === 'timeout' || code === 'rate-limited';
        if (code === 'rate-limited') {
          await sleep(pause, undefined, { ref: false });
          pause = Math.min(pause * 2, maxRateLimitedRetryMs);
        }
        if (!retry || !(await connected(hub))) {
          this.log.warn({ err: error, externalCallId, method }, 'ring-group report not sent to the relay');
          return null;
        }
      }
    }
  }

  onCallId(listener: CallIdListener): () => void {
    return this.#events.on('callId', listener);
  }

  onAnsweredElsewhere(listener: AnsweredElsewhereListener): () => void {
    return this.#events.on('answeredElsewhere', listener);
  }

  /**
   * The hub connected (again): the relay's ring notices reach only the connections open when it
   * sends them, so a CALL_ID sent while the hub was down never comes. A member still waiting for one
   * claims again: a repeat claim changes nothing at the relay and answers with the CALL_ID it has.
   */
  onConnected(listener: () => void): () => void {
    return this.relay.onConnected(listener);
  }
}

/** Resolves true once the hub is connected (at once if it is), false if it stops or is signed out. */
function connected(hub: RelayHubLink): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (state: string) => {
      if (state !== 'connected' && state !== 'stopped' && state !== 'unauthorized') return false;
      resolve(state === 'connected');
      return true;
    };
    if (settle(hub.state)) return;
    const off = hub.onState((state) => {
      if (settle(state)) off();
    });
  });
}
