import type { HubRequestParams } from '../../../common/relay/hub-protocol';
import type { Logger } from '../log/logger';
import type { RelayLink } from './relay-link';
import { withTimeout } from './with-timeout';

/** A call a colleague handed to this agent: its CALL_ID and when it was first answered. */
export interface AdoptedCall {
  callId: string;
  answeredAt: number;
}

/**
 * The app's side of transfer handoffs (docs/ARCHITECTURE.md#transfer): hand a transferred call's
 * CALL_ID to the target's app, adopt a call handed to this agent, and give back an adopted call
 * whose leg ended unanswered here. Every answer is bounded: without the relay's word in time the
 * call is handled as without a relay (the transferring app finishes its leg, the target registers).
 */
export class TransferHandoffLink {
  constructor(
    private readonly relay: RelayLink,
    private readonly log: Logger,
    /** How long a transferring app waits for the relay to take the handoff. */
    private readonly answerTimeoutMs = 1_500,
  ) {}

  /** True when the relay took it: the target's app (or the relay) finishes the call, not us. */
  async handOff(params: HubRequestParams<'transfer/hand-off'>): Promise<boolean> {
    const hub = this.relay.hub();
    if (!hub || hub.state !== 'connected') return false;
    try {
      return (await withTimeout(hub.request('transfer/hand-off', params), this.answerTimeoutMs)).ok;
    } catch (error) {
      this.log.warn({ err: error, callId: params.callId }, 'transfer not handed off: finishing our leg');
      return false;
    }
  }

  /** The call from `caller` ringing now, when a colleague handed it to us (waiting `waitMs` for it). */
  async adopt(caller: string, waitMs: number): Promise<AdoptedCall | null> {
    const hub = this.relay.hub();
    if (!hub || hub.state !== 'connected') return null;
    try {
      const answer = await withTimeout(
        hub.request('transfer/adopt', { caller, ...(waitMs > 0 ? { waitMs } : {}) }),
        waitMs + this.answerTimeoutMs,
      );
      return answer.callId && answer.answeredAt !== undefined
        ? { callId: answer.callId, answeredAt: answer.answeredAt }
        : null;
    } catch (error) {
      this.log.warn({ err: error }, 'transfer adoption unanswered: handling the call as a new one');
      return null;
    }
  }

  /** The adopted call's leg ended unanswered here: the relay finishes it. */
  left(callId: string): void {
    const hub = this.relay.hub();
    if (!hub) return;
    hub
      .request('transfer/left', { callId })
      .catch((error: unknown) => this.log.warn({ err: error, callId }, 'transfer leave not reported'));
  }
}
