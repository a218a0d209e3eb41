import {
  applyFact,
  presetCallId,
  type CallState,
  type LifecycleContext,
  type LifecycleEvent,
} from '../../../common/calls/call-lifecycle';
import type { CallFact } from '../../../common/calls/call-fact';
import type { CallJournal } from '../journal/call-journal';
import type { Logger } from '../log/logger';
import { Emitter, type Listenable } from '../../../common/events/emitter';

export interface CallTrackerEvents {
  /** New steps were journaled for this call: the outbox may deliver them. */
  steps: [callKey: string];
}

export interface CallTrackerOptions {
  journal: CallJournal;
  /** The lifecycle's view of the agent now; null while Bitrix24 is not configured (no user). */
  context: () => LifecycleContext | null;
  /** The same for a given Bitrix24 user (a call a dead process left open keeps its user). */
  contextFor: (userId: number) => LifecycleContext;
  log: Logger;
  now?: () => number;
}

/**
 * Turns the SIP facts the renderer reports into journaled Bitrix24 steps: one lifecycle per call
 * leg (common/calls/call-lifecycle.ts). An accepted fact, the call's new state and its steps are
 * written in one transaction before `report` answers and before the outbox sees them. A refused
 * fact (unknown call, out of order, duplicate, contradictory) is logged with its reason and
 * changes nothing.
 *
 * A call keeps the Bitrix24 user it rang for: its later facts are phrased for that user even if
 * the agent signed out or in as someone else meanwhile, so a call that began is always ended in
 * the journal (and finished in Bitrix24 once tokens are back), never left open.
 */
export class CallTracker {
  readonly #options: CallTrackerOptions;
  readonly #events = new Emitter<CallTrackerEvents>();
  readonly events: Listenable<CallTrackerEvents> = this.#events;
  readonly #now: () => number;
  /** Calls of this process not ended yet, with their user; ended and older calls are read from the journal. */
  readonly #live = new Map<string, { state: CallState; userId: number }>();

  constructor(options: CallTrackerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    for (const call of options.journal.liveCalls())
      this.#live.set(call.callKey, { state: call.state, userId: call.userId });
  }

  /** Calls ringing or connected now (the heartbeat matters only while there are some). */
  get liveCalls(): number {
    return this.#live.size;
  }

  report(fact: CallFact): { accepted: boolean; reason?: string } {
    const known = fact.type === 'ringing' ? undefined : this.#known(fact.callKey);
    if (known) return this.#apply(fact, this.#options.contextFor(known.userId), known.state);
    const context = this.#options.context();
    if (!context) {
      this.#options.log.warn({ fact }, 'SIP fact not tracked: Bitrix24 is not connected');
      return { accepted: false, reason: 'Bitrix24 is not connected' };
    }
    return this.#apply(fact, context);
  }

  #known(callKey: string): { state: CallState; userId: number } | undefined {
    const live = this.#live.get(callKey);
    if (live) return live;
    const journaled = this.#options.journal.call(callKey);
    return journaled ? { state: journaled.state, userId: journaled.userId } : undefined;
  }

  /**
   * At start-up: closes every call a previous process left ringing or connected, at the
   * best-known moment (its last fact, or that process's last heartbeat if later), with a
   * FAILED_REASON saying so. Returns how many were closed.
   */
  recoverDangling(): number {
    const dangling = this.#options.journal.danglingCalls();
    for (const call of dangling) {
      const at = Math.max(call.lastAliveAt, call.state.lastFactAt);
      const outcome = this.#apply(
        { type: 'recovered', callKey: call.callKey, at },
        this.#options.contextFor(call.userId),
        call.state,
      );
      this.#options.log.warn(
        { callKey: call.callKey, phase: call.state.phase, closedAt: at, accepted: outcome.accepted },
        'call left open by a stopped process closed from the journal',
      );
    }
    return dangling.length;
  }

  #apply(
    event: LifecycleEvent,
    context: LifecycleContext,
    known?: CallState,
  ): { accepted: boolean; reason?: string } {
    const { journal, log } = this.#options;
    const state = known ?? this.#known(event.callKey)?.state;
    const transition = applyFact(state, event, context);
    if (!transition.ok) {
      log.warn({ fact: event, reason: transition.reason }, 'SIP fact refused');
      return { accepted: false, reason: transition.reason };
    }
    journal.recordTransition({
      event,
      state: transition.state,
      steps: transition.steps,
      userId: context.userId,
      callId: presetCallId(transition.state.origin),
      now: this.#now(),
    });
    if (transition.state.phase === 'ended') this.#live.delete(event.callKey);
    else this.#live.set(event.callKey, { state: transition.state, userId: context.userId });
    log.info(
      { callKey: event.callKey, fact: event.type, steps: transition.steps.map((step) => step.kind) },
      'call fact journaled',
    );
    if (transition.steps.length > 0) this.#events.emit('steps', event.callKey);
    return { accepted: true };
  }
}
