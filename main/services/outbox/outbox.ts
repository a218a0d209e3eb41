import { batchCommand } from '../../../common/bitrix/batch-command';
import { isCallNotFound, type BitrixFailure } from '../../../common/bitrix/bitrix-failure';
import type { BitrixStep, RegisterResult } from '../../../common/bitrix/telephony';
import { planDelivery, type DeliveryPlan, type PlannedCommand } from '../../../common/outbox/delivery-plan';
import { healthyPortal, nextPortalHealth, type PortalHealth } from '../../../common/outbox/portal-health';
import {
  backoffDelay,
  handlingOf,
  mayHaveLanded,
  portalBackoff,
  stepBackoff,
  type BackoffPolicy,
} from '../../../common/outbox/retry-policy';
import { BitrixCallError } from '../bitrix/bitrix-call-error';
import { kindOf, type BitrixClient } from '../bitrix/bitrix-client';
import type { MissedCallLeadProgress, MissedCallLeads } from '../bitrix/missed-call-lead';
import type { CallJournal, OpenStep, StepOutcome } from '../journal/call-journal';
import type { Logger } from '../log/logger';
import { Emitter, type Listenable } from '../../../common/events/emitter';

/** What was current when a delivery left: a failure is judged against it, not against now. */
interface AttemptContext {
  /** The portal-failure epoch (concurrent failures of one outage count once). */
  epoch: number;
  /** The token generation: a sign-in failure of a request sent with tokens since replaced is stale. */
  generation: number;
}

/** Uploads a recording for a finished call (the recordings service implements it). */
export interface AttachmentUploader {
  /** Resolves with the portal's answer; throws a BitrixCallError (its kind decides the retry). */
  attachRecord(
    client: BitrixClient,
    callId: string,
    recording: Extract<BitrixStep, { kind: 'attachRecord' }>['recording'],
  ): Promise<unknown>;
}

/** Where the outbox stands, for the status bar and the "Bitrix24 unreachable" banner. */
export interface OutboxState {
  /** delivering: working or idle; unreachable: the portal failed and we are backing off;
   * sign-in-required: held until new tokens (also when the tokens are gone and calls wait);
   * not-configured: no Bitrix24 connection and nothing to deliver. */
  state: 'delivering' | 'unreachable' | 'sign-in-required' | 'not-configured';
  /** The failure that put the outbox in its state, if any. */
  lastError: BitrixFailure | null;
  /** When the next attempt is planned while unreachable. */
  nextAttemptAt: number | null;
}

export interface DeliveryReport {
  /** Calls whose steps changed. */
  callKeys: string[];
  /** How the request went (absent for decisions that sent nothing). */
  outcome?: { ok: true } | { ok: false; error: BitrixCallError };
}

export interface OutboxEvents {
  /** After every delivery and every decision (the host publishes status and history). */
  report: [report: DeliveryReport];
}

export interface OutboxOptions {
  journal: CallJournal;
  /** The Bitrix24 client to use now; null while Bitrix24 is not configured. */
  client: () => BitrixClient | null;
  log: Logger;
  uploader?: AttachmentUploader;
  /** Carries out `leadForMissedCall` steps (crmCreate.missed). */
  missedCallLeads?: MissedCallLeads;
  now?: () => number;
  /** [0, 1) source for backoff jitter; seeded in tests. */
  random?: () => number;
  stepBackoff?: BackoffPolicy;
  portalBackoff?: BackoffPolicy;
  /** Requests in flight at once while the portal answers (one while probing after a failure). */
  concurrency?: number;
  maxBatchCommands?: number;
  /** How long the portal may still carry out a request after we gave up on it (its 60 s request
   * limit, plus transit). A finish waits that long after a register whose answer was lost. */
  lateRequestMs?: number;
}

/** The portal gives a request 60 s (docs/bitrix24-contract.md#errors-and-limits); 10 s more for transit. */
export const defaultLateRequestMs = 70_000;

/**
 * Delivers the journal's Bitrix24 steps: in order per call, calls independent, at least once
 * with idempotency (EXTERNAL_CALL_ID on every register; finish only with a persisted CALL_ID;
 * "Call is not found" after a finish that may have landed = already finished). Batches many
 * calls per request (common/outbox/delivery-plan.ts) within the app's rate budget (every request
 * goes through BitrixClient, which takes a token first). Retries and holds per
 * common/outbox/retry-policy.ts. Every attempt is journaled before it leaves.
 */
export class Outbox {
  readonly #options: OutboxOptions;
  readonly #events = new Emitter<OutboxEvents>();
  readonly events: Listenable<OutboxEvents> = this.#events;
  readonly #journal: CallJournal;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #stepBackoff: BackoffPolicy;
  readonly #portalBackoff: BackoffPolicy;
  readonly #busyCalls = new Set<string>();
  readonly #sendAlone = new Set<number>();
  readonly #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  /** Unreachable means we are probing with one request at a time; held, waiting for tokens. */
  #health: PortalHealth = healthyPortal;
  /** Bumped at each counted failure, so concurrent failures of one outage count once. */
  #portalEpoch = 0;
  /** Bumped when new tokens arrive. */
  #generation = 0;

  constructor(options: OutboxOptions) {
    this.#options = options;
    this.#journal = options.journal;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#stepBackoff = options.stepBackoff ?? stepBackoff;
    this.#portalBackoff = options.portalBackoff ?? portalBackoff;
  }

  /** Starts delivering what the journal holds. */
  start(): void {
    this.#running = true;
    this.wake();
  }

  /** Something changed (new steps, a retry, new tokens): look at the queue again now. */
  wake(): void {
    if (!this.#running) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pump();
  }

  /** New tokens arrived: lift a sign-in hold and try everything now. */
  resume(): void {
    this.#health = nextPortalHealth(this.#health, { kind: 'tokens-renewed' });
    this.#generation += 1;
    this.#journal.clearBackoffOf(
      this.#journal
        .openSteps()
        .filter((step) => step.state === 'pending')
        .map((step) => step.id),
      this.#now(),
    );
    this.wake();
  }

  /** The agent's "retry": a failed step goes back in the queue, a waiting one is tried now. */
  retry(stepId: number): boolean {
    const step = this.#journal.step(stepId);
    if (!step || !this.#journal.retryNow(stepId, this.#now())) return false;
    this.#sendAlone.delete(stepId);
    this.#health = nextPortalHealth(this.#health, { kind: 'retry-now' });
    this.#events.emit('report', { callKeys: [step.callKey] });
    this.wake();
    return true;
  }

  state(): OutboxState {
    const health = this.#health;
    const held = health.state === 'held' ? health.failure : null;
    if (!this.#options.client()) {
      const waiting = this.#journal.waitingSteps() > 0;
      return { state: waiting ? 'sign-in-required' : 'not-configured', lastError: held, nextAttemptAt: null };
    }
    if (held) return { state: 'sign-in-required', lastError: held, nextAttemptAt: null };
    if (health.state === 'unreachable')
      return { state: 'unreachable', lastError: health.lastError, nextAttemptAt: health.pausedUntil || null };
    return { state: 'delivering', lastError: null, nextAttemptAt: null };
  }

  /** Stops sending and waits for the requests in flight to settle (their outcomes are journaled). */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await Promise.allSettled([...this.#inFlight]);
  }

  #pump(): void {
    if (!this.#running || this.#health.state === 'held') return;
    const client = this.#options.client();
    if (!client) return;
    for (;;) {
      const now = this.#now();
      const probing = this.#health.state === 'unreachable';
      const pausedUntil = this.#health.state === 'unreachable' ? this.#health.pausedUntil : 0;
      if (now < pausedUntil) return this.#wakeAt(pausedUntil);
      const limit = probing ? 1 : (this.#options.concurrency ?? 4);
      if (this.#inFlight.size >= limit) return;
      const queue = this.#journal.openSteps();
      const plan = this.#plan(queue, now);
      if (plan.kind === 'wait') {
        if (plan.until !== null) this.#wakeAt(plan.until);
        return;
      }
      if (plan.kind === 'settle') {
        this.#settle(plan, now);
        continue;
      }
      if (
        plan.kind === 'request' &&
        this.#inFlight.size > 0 &&
        plan.commands.length < (this.#options.maxBatchCommands ?? 50) &&
        !plan.commands.some((command) => command.live)
      ) {
        // Backlog that would go as a small fragment: it joins the next full batch once the
        // requests in flight return. Live calls never wait for that.
        return;
      }
      const alone = plan.kind !== 'request';
      const callKeys = alone ? [plan.callKey] : [...new Set(plan.commands.map((c) => c.callKey))];
      const stepIds = alone ? [plan.stepId] : plan.commands.map((c) => c.stepId);
      // Journaled before the request leaves: a crash from here on counts as "possibly delivered".
      this.#journal.markSending(stepIds, now);
      this.#options.log.debug(
        {
          steps: stepIds.length,
          calls: callKeys.length,
          inFlight: this.#inFlight.size,
          probing,
        },
        'delivering',
      );
      for (const key of callKeys) this.#busyCalls.add(key);
      const attempt: AttemptContext = { epoch: this.#portalEpoch, generation: this.#generation };
      const sending = new Set(stepIds);
      const steps = new Map(
        queue
          .filter((step) => sending.has(step.id))
          .map((step) => [step.id, { ...step, attempts: step.attempts + 1 }]),
      );
      const delivery = this.#deliver(client, plan, steps, attempt)
        .catch((error: unknown) => this.#options.log.error({ err: error }, 'outbox delivery crashed'))
        .finally(() => {
          for (const key of callKeys) this.#busyCalls.delete(key);
          this.#inFlight.delete(delivery);
          this.#pump();
        });
      this.#inFlight.add(delivery);
    }
  }

  #plan(queue: OpenStep[], now: number): DeliveryPlan {
    return planDelivery(queue, {
      now,
      busyCalls: this.#busyCalls,
      maxCommands: this.#options.maxBatchCommands ?? 50,
      lateRequestMs: this.#options.lateRequestMs ?? defaultLateRequestMs,
      sendAlone: this.#sendAlone,
      cardShown: (callKey, userId) => this.#cardShown(callKey, userId),
    });
  }

  #settle(plan: Extract<DeliveryPlan, { kind: 'settle' }>, now: number): void {
    const outcomes: StepOutcome[] = [
      ...plan.skipped.map(({ stepId, why }): StepOutcome => ({ kind: 'skipped', stepId, why })),
      ...plan.failed.map(({ stepId, why }): StepOutcome => ({
        kind: 'failed',
        stepId,
        error: { kind: 'rejected', code: '', description: why, httpStatus: 0, at: now },
      })),
    ];
    this.#journal.recordOutcomes(outcomes, now);
    const steps = outcomes.map((outcome) => this.#journal.step(outcome.stepId)!);
    this.#events.emit('report', { callKeys: [...new Set(steps.map((step) => step.callKey))] });
  }

  async #deliver(
    client: BitrixClient,
    plan: Exclude<DeliveryPlan, { kind: 'wait' | 'settle' }>,
    /** The open steps as planned, with this attempt counted. */
    steps: ReadonlyMap<number, OpenStep>,
    attempt: AttemptContext,
  ) {
    if (plan.kind === 'upload') {
      const step = steps.get(plan.stepId)!;
      const uploader = this.#options.uploader;
      try {
        if (!uploader) throw new BitrixCallError('rejected', '', 'This build has no recording uploader', 0);
        const result = await uploader.attachRecord(client, plan.callId, plan.step.recording);
        this.#finishDelivery([{ kind: 'done', stepId: step.id, callKey: step.callKey, result }], attempt);
      } catch (error) {
        const failure = asCallError(error);
        this.#finishDelivery([this.#failedOutcome(step, failure)], attempt, failure);
      }
      return;
    }

    if (plan.kind === 'lead') {
      const step = steps.get(plan.stepId)!;
      try {
        const handler = this.#options.missedCallLeads;
        if (!handler)
          throw new BitrixCallError('rejected', '', 'This build creates no leads for missed calls', 0);
        const register = this.#journal.steps(step.callKey).find((s) => s.step.kind === 'register');
        const result = await handler.deliver(client, {
          callId: plan.callId,
          step: plan.step,
          registered: register?.result ?? null,
          progress: step.result as MissedCallLeadProgress | null,
          save: (progress) => this.#journal.saveProgress(step.id, progress, this.#now()),
        });
        this.#finishDelivery([{ kind: 'done', stepId: step.id, callKey: step.callKey, result }], attempt);
      } catch (error) {
        const failure = asCallError(error);
        this.#finishDelivery([this.#failedOutcome(step, failure)], attempt, failure);
      }
      return;
    }

    const { commands } = plan;
    if (commands.length === 1) {
      const command = commands[0]!;
      const step = steps.get(command.stepId)!;
      try {
        const result = await client.call<unknown>(command.method, command.params);
        this.#finishDelivery([this.#successOutcome(step, command, result)], attempt);
      } catch (error) {
        const failure = asCallError(error);
        this.#finishDelivery([this.#failedOutcome(step, failure)], attempt, failure);
      }
      return;
    }

    let answer: Awaited<ReturnType<BitrixClient['batch']>>;
    try {
      answer = await client.batch(
        Object.fromEntries(
          commands.map((command) => [command.key, batchCommand(command.method, command.params)]),
        ),
      );
    } catch (error) {
      const failure = asCallError(error);
      if (failure.kind === 'rejected') {
        // The batch as such was refused: send its steps one by one, so one bad step cannot hold the rest.
        for (const command of commands) this.#sendAlone.add(command.stepId);
        const outcomes = commands.map((command) =>
          this.#retryOutcome(steps.get(command.stepId)!, failure, false),
        );
        this.#finishDelivery(outcomes, attempt);
        return;
      }
      this.#finishDelivery(
        commands.map((command) => this.#failedOutcome(steps.get(command.stepId)!, failure)),
        attempt,
        failure,
      );
      return;
    }

    const outcomes: StepOutcome[] = [];
    const failedKeys = new Map<string, BitrixCallError>();
    let portalFailure: BitrixCallError | undefined;
    for (const command of commands) {
      const step = steps.get(command.stepId)!;
      const dependency = command.dependsOn === undefined ? undefined : failedKeys.get(command.dependsOn);
      if (dependency) {
        // Its CALL_ID reference could not resolve: it was not really attempted.
        outcomes.push(this.#retryOutcome(step, dependency, false));
        failedKeys.set(command.key, dependency);
        continue;
      }
      const error = answer.errors[command.key];
      if (error || !(command.key in answer.results)) {
        const failure = error
          ? new BitrixCallError(kindOf(error.code, 400), error.code, error.description, 400)
          : new BitrixCallError('server', '', 'The batch answer has no result for this command', 200);
        if (handlingOf(failure.kind) === 'retry') portalFailure ??= failure;
        failedKeys.set(command.key, failure);
        outcomes.push(this.#failedOutcome(step, failure));
        continue;
      }
      const outcome = this.#successOutcome(step, command, answer.results[command.key]);
      if (outcome.kind === 'failed')
        failedKeys.set(command.key, new BitrixCallError('rejected', '', '', 200));
      outcomes.push(outcome);
    }
    this.#finishDelivery(outcomes, attempt, portalFailure);
  }

  #successOutcome(step: OpenStep, command: PlannedCommand, result: unknown): StepOutcome {
    if (command.kind !== 'register') return { kind: 'done', stepId: step.id, callKey: step.callKey, result };
    const callId = (result as Partial<RegisterResult> | null)?.CALL_ID;
    if (typeof callId !== 'string' || callId === '') {
      return {
        kind: 'failed',
        stepId: step.id,
        error: {
          kind: 'rejected',
          code: '',
          description: 'Bitrix24 registered the call but sent no CALL_ID',
          httpStatus: 200,
          at: this.#now(),
        },
      };
    }
    // Keep what was sent with the answer: whether a card was shown decides a later hide.
    const registered = { ...(result as object), SHOW: command.params.SHOW, USER_ID: command.params.USER_ID };
    return { kind: 'done', stepId: step.id, callKey: step.callKey, result: registered, callId };
  }

  #failedOutcome(step: OpenStep, failure: BitrixCallError): StepOutcome {
    const now = this.#now();
    if (failure.kind === 'rejected' && step.step.kind === 'finish' && isCallNotFound(failure.description)) {
      // A second finish of one call answers "Call is not found": if an earlier attempt of ours
      // may have landed, the call is finished - by us. Otherwise it is a real error.
      if (step.possiblyDelivered)
        return { kind: 'done', stepId: step.id, callKey: step.callKey, result: { alreadyFinished: true } };
    }
    switch (handlingOf(failure.kind)) {
      case 'retry':
        return this.#retryOutcome(step, failure, true);
      case 'hold':
        return {
          kind: 'retry',
          stepId: step.id,
          error: failure.toFailure(now),
          notBefore: 0,
          possiblyDelivered: false,
          countAttempt: false,
        };
      case 'fail':
        return { kind: 'failed', stepId: step.id, error: failure.toFailure(now) };
    }
  }

  #retryOutcome(step: OpenStep, failure: BitrixCallError, countAttempt: boolean): StepOutcome {
    const now = this.#now();
    // `step.attempts` counts this attempt already; one that did not count does not back off more.
    const attempts = step.attempts - (countAttempt ? 0 : 1);
    return {
      kind: 'retry',
      stepId: step.id,
      error: failure.toFailure(now),
      notBefore: now + backoffDelay(this.#stepBackoff, Math.max(1, attempts), this.#random),
      possiblyDelivered: countAttempt && mayHaveLanded(failure),
      countAttempt,
    };
  }

  /** Journals a delivery's outcomes and moves the portal-wide state on. */
  #finishDelivery(outcomes: StepOutcome[], attempt: AttemptContext, portalFailure?: BitrixCallError): void {
    const now = this.#now();
    this.#journal.recordOutcomes(outcomes, now);
    const callKeys = [...new Set(outcomes.map((outcome) => this.#journal.step(outcome.stepId)!.callKey))];
    if (portalFailure && handlingOf(portalFailure.kind) === 'hold') {
      if (attempt.generation === this.#generation) {
        this.#health = nextPortalHealth(this.#health, {
          kind: 'sign-in-failed',
          error: portalFailure.toFailure(now),
        });
        this.#options.log.warn({ err: portalFailure }, 'Bitrix24 sign-in required: delivery held');
      } else {
        // Sent with tokens that have been replaced since: the new ones get their own chance.
        this.#options.log.info({ err: portalFailure }, 'sign-in failure of replaced tokens ignored');
      }
    } else if (portalFailure && handlingOf(portalFailure.kind) === 'retry') {
      const counted = attempt.epoch === this.#portalEpoch;
      if (counted) this.#portalEpoch += 1;
      this.#health = nextPortalHealth(this.#health, {
        kind: 'failed',
        error: portalFailure.toFailure(now),
        counted,
        pauseFor: (failures) => backoffDelay(this.#portalBackoff, failures, this.#random),
        now,
      });
      this.#options.log.warn(
        { err: portalFailure, health: this.#health },
        'Bitrix24 unreachable: backing off',
      );
    } else if (this.#health.state === 'unreachable') {
      // The portal answered again: whatever waited only for it is due now.
      this.#health = nextPortalHealth(this.#health, { kind: 'answered' });
      this.#portalEpoch += 1;
      const waiting = this.#journal
        .openSteps()
        .filter((step) => step.state === 'pending' && step.lastError && step.lastError.kind !== 'server');
      this.#journal.clearBackoffOf(
        waiting.map((step) => step.id),
        now,
      );
      this.#options.log.info({ waiting: waiting.length }, 'Bitrix24 reachable again');
    }
    // A rejection is an answer: the portal is reachable, only that step was refused.
    const unreachable = portalFailure && portalFailure.kind !== 'rejected' ? portalFailure : undefined;
    this.#events.emit('report', {
      callKeys,
      outcome: unreachable ? { ok: false, error: unreachable } : { ok: true },
    });
  }

  /**
   * Whether Bitrix24 may be showing this call's card to `userId`: a show or a register with
   * SHOW=1 that was delivered - or that may have landed unseen (an attempt whose answer was lost
   * can still open the card, even if the register that got through later said SHOW=0).
   */
  #cardShown(callKey: string, userId: number): boolean {
    return this.#journal.steps(callKey).some((step) => {
      const landed = step.state === 'done' || step.possiblyDelivered;
      if (step.step.kind === 'show') return landed && step.step.userIds.includes(userId);
      if (step.step.kind !== 'register' || step.step.params.USER_ID !== userId) return false;
      const sent = step.result as { SHOW?: unknown } | null;
      return sent?.SHOW === 1 || (step.possiblyDelivered && step.step.params.SHOW === 1);
    });
  }

  #wakeAt(at: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        this.#pump();
      },
      Math.max(0, at - this.#now()),
    );
  }
}

function asCallError(error: unknown): BitrixCallError {
  return error instanceof BitrixCallError
    ? error
    : new BitrixCallError('network', '', error instanceof Error ? error.message : String(error), 0);
}
