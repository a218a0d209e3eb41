import { callFactSchema, type CallFact } from '../../common/calls/call-fact';
import type { HostApi } from '../../common/host-api/host-api';

/**
 * Hands SIP facts to the host in the order they happened, and keeps each one until the host has
 * answered: if the host is unreachable for a moment (web bridge reconnecting), facts wait and are
 * sent again, never dropped. A fact the host refuses was logged there and is not resent. A fact
 * that does not pass the contract (something odd a PBX sent got through) is logged and dropped
 * here: resending it could only fail forever and hold up every later fact.
 */
export class FactReporter {
  readonly #queue: CallFact[] = [];
  #sending = false;
  #retryDelayMs = 200;

  constructor(private readonly host: HostApi) {}

  report(fact: CallFact): void {
    const checked = callFactSchema.safeParse(fact);
    if (!checked.success) {
      console.error(`dropped an invalid ${fact.type} fact for ${fact.callKey}: ${checked.error.message}`);
      return;
    }
    this.#queue.push(checked.data);
    void this.#drain();
  }

  async #drain(): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    try {
      for (let fact = this.#queue[0]; fact; fact = this.#queue[0]) {
        try {
          const outcome = await this.host.calls.report(fact);
          if (!outcome.accepted)
            console.warn(`host refused ${fact.type} for ${fact.callKey}: ${outcome.reason ?? ''}`);
          this.#queue.shift();
          this.#retryDelayMs = 200;
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
