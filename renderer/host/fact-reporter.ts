import { callFactSchema, type CallFact } from '../../common/calls/call-fact';
import type { HostApi } from '../../common/host-api/host-api';

/** A fact waiting for the host, and who wants to know when the host has it. */
interface QueuedFact {
  fact: CallFact;
  taken: () => void;
}

/**
 * Hands SIP facts to the host in the order they happened, and keeps each one until the host has
 * answered: if the host is unreachable for a moment (web bridge reconnecting), facts wait and are
 * sent again, never dropped. A fact the host refuses was logged there and is not resent. A fact
 * that does not pass the contract (something odd a PBX sent got through) is logged and dropped
 * here: resending it could only fail forever and hold up every later fact.
 */
export class FactReporter {
  readonly #queue: QueuedFact[] = [];
  #sending = false;
  #retryDelayMs = 200;

  constructor(private readonly host: HostApi) {}

  /**
   * Queues `fact`; resolves once the host has answered for it - journaled it with its Bitrix24
   * steps (a ringing call's register is then on its way) or refused it - or at once for a fact
   * dropped here. While the host is unreachable it stays pending.
   */
  report(fact: CallFact): Promise<void> {
    const checked = callFactSchema.safeParse(fact);
    if (!checked.success) {
      console.error(`dropped an invalid ${fact.type} fact for ${fact.callKey}: ${checked.error.message}`);
      return Promise.resolve();
    }
    return new Promise((taken) => {
      this.#queue.push({ fact: checked.data, taken });
      void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    try {
      for (let next = this.#queue[0]; next; next = this.#queue[0]) {
        const { fact, taken } = next;
        try {
          const outcome = await this.host.calls.report(fact);
          if (!outcome.accepted)
            console.warn(`host refused ${fact.type} for ${fact.callKey}: ${outcome.reason ?? ''}`);
          this.#queue.shift();
          this.#retryDelayMs = 200;
          taken();
        } catch {
          await new Promise((resolve) => setTimeout(resolve, this.#retryDelayMs));
          this.#retryDelayMs = Math.min(this.#retryDelayMs * 2, 5_000);
        }
      }
    } finally {
      this.#sending = false;
    }
  }
}
