import { applyFact, type CallState, type LifecycleContext } from '../../../common/calls/call-lifecycle';
import type { CallFact } from '../../../common/calls/call-fact';
import type { Logger } from '../log/logger';
import type { StepQueue } from '../outbox/step-queue';

/**
 * Turns the SIP facts the renderer reports into Bitrix24 steps: one lifecycle per call leg
 * (common/calls/call-lifecycle.ts), steps handed to the outbox. A fact the lifecycle refuses
 * (unknown call, out of order, duplicate) is logged with its reason and changes nothing.
 */
export class CallTracker {
  readonly #calls = new Map<string, CallState>();

  constructor(
    private readonly context: () => LifecycleContext | null,
    private readonly steps: StepQueue,
    private readonly log: Logger,
  ) {}

  report(fact: CallFact): { accepted: boolean; reason?: string } {
    const context = this.context();
    if (!context) {
      this.log.warn({ fact }, 'SIP fact not tracked: Bitrix24 is not connected');
      return { accepted: false, reason: 'Bitrix24 is not connected' };
    }
    const transition = applyFact(this.#calls.get(fact.callKey), fact, context);
    if (!transition.ok) {
      this.log.warn({ fact, reason: transition.reason }, 'SIP fact refused');
      return { accepted: false, reason: transition.reason };
    }
    if (transition.state.phase === 'ended') this.#calls.delete(fact.callKey);
    else this.#calls.set(fact.callKey, transition.state);
    this.log.info(
      { callKey: fact.callKey, fact: fact.type, steps: transition.steps.map((s) => s.kind) },
      'call fact',
    );
    this.steps.enqueue(fact.callKey, transition.steps);
    return { accepted: true };
  }
}
