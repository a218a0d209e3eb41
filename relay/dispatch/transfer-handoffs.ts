import type { Logger } from 'pino';
import type { PortalApi } from '../bitrix/portal-api';
import { BitrixRestError } from '../bitrix/rest-client';
import type { AgentHub } from '../hub/agent-hub';
import type { RelayMetrics } from '../ops/metrics';
import type { TransferHandoff, TransferHandoffs } from '../stores/stores';

export interface TransferHandoffsDeps {
  handoffs: TransferHandoffs;
  hub: AgentHub;
  api: PortalApi;
  metrics: RelayMetrics;
  log: Logger;
  /** A handoff no app of the target adopted within this is finished by the relay. */
  adoptWithinMs: number;
  now?: () => number;
}

/** How often a waiting adoption looks for its handoff again. */
const adoptPollMs = 100;

/**
 * Transferred calls keep one Bitrix24 call (docs/ARCHITECTURE.md#transfer). The transferring app
 * hands the CALL_ID over (`transfer/hand-off`) instead of finishing it; the target's app, when the
 * transferred call rings there from the same caller within `adoptWithinMs`, adopts it
 * (`transfer/adopt`: one adopter) and finishes it once it ends, with the talk time from the first
 * answer. A handoff nobody adopted in time, or whose target's leg ended unanswered
 * (`transfer/left`), is finished here, once, under the transferring agent with the talk time until
 * the transfer (200): the call was talked, and must not stay open.
 */
export class TransferHandoffDispatch {
  #sweeping = false;

  constructor(private readonly deps: TransferHandoffsDeps) {
    const { hub, handoffs } = deps;
    const now = () => (deps.now ?? Date.now)();
    hub.handle('transfer/hand-off', async (connection, params) => {
      if (params.targetUserId === connection.userId) return { ok: false };
      await handoffs.handOff({
        memberId: connection.memberId,
        fromUserId: connection.userId,
        state: 'open',
        createdAt: now(),
        ...params,
      });
      deps.log.info(
        { callId: params.callId, from: connection.userId, to: params.targetUserId },
        'transferred call handed off',
      );
      return { ok: true };
    });
    hub.handle('transfer/adopt', async (connection, { caller, waitMs }) => {
      // A real deadline, whatever clock the store's times come from.
      const until = Date.now() + (waitMs ?? 0);
      const adopt = () =>
        handoffs.adopt(connection.memberId, connection.userId, caller, now() - deps.adoptWithinMs);
      // Polls the store, not this instance's memory: the handoff may arrive at another relay.
      let handoff = await adopt();
      while (!handoff && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, adoptPollMs));
        handoff = await adopt();
      }
      if (!handoff) return {};
      deps.log.info({ callId: handoff.callId, by: connection.userId }, 'transferred call adopted');
      return { callId: handoff.callId, answeredAt: handoff.answeredAt };
    });
    hub.handle('transfer/left', async (connection, { callId }) => {
      const handoff = await handoffs.transition(
        connection.memberId,
        callId,
        'adopted',
        'finishing',
        connection.userId,
      );
      if (handoff) void this.sweep();
      return { ok: handoff !== null };
    });
  }

  /** Finishes, once, the handoffs nobody took over; safe to call at any time. */
  async sweep(): Promise<void> {
    if (this.#sweeping) return;
    this.#sweeping = true;
    try {
      const due = await this.deps.handoffs.due((this.deps.now ?? Date.now)() - this.deps.adoptWithinMs);
      for (const handoff of due) {
        const owed =
          handoff.state === 'finishing' ||
          (await this.deps.handoffs.transition(handoff.memberId, handoff.callId, 'open', 'finishing'));
        if (owed) await this.#finish(handoff);
      }
    } catch (error) {
      this.deps.log.error({ err: error }, 'transfer handoff sweep failed');
    } finally {
      this.#sweeping = false;
    }
  }

  async #finish(handoff: TransferHandoff): Promise<void> {
    try {
      await this.deps.api.call(handoff.memberId, 'telephony.externalCall.finish', {
        CALL_ID: handoff.callId,
        USER_ID: handoff.fromUserId,
        DURATION: handoff.talkSeconds,
        STATUS_CODE: '200',
      });
      this.deps.metrics.finishes.inc({ status: '200' });
      this.deps.log.info(
        { callId: handoff.callId, userId: handoff.fromUserId, target: handoff.targetUserId },
        'transferred call nobody took over: finished by the relay',
      );
    } catch (error) {
      // As for missed ring-group calls: network and server failures are retried by the next sweep
      // (a second finish is refused, never duplicated); anything else will not get better.
      const transient = error instanceof BitrixRestError && error.transient;
      if (transient) {
        this.deps.log.warn({ err: error, callId: handoff.callId }, 'transfer finish failed; will retry');
        return;
      }
      this.deps.log.error({ err: error, callId: handoff.callId }, 'transfer finish refused');
    }
    await this.deps.handoffs.transition(handoff.memberId, handoff.callId, 'finishing', 'finished');
  }
}
