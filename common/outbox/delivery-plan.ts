import { resultReference } from '../bitrix/batch-command';
import type { BitrixStep, BitrixStepKind } from '../bitrix/telephony';
import type { CallPhase } from '../calls/call-lifecycle';

/**
 * Which steps the outbox sends next, and how: one REST call, one `batch` of up to 50 commands,
 * one upload, or decisions that need no request at all. Pure; the outbox feeds it the journal's
 * open steps and carries the plan out.
 *
 * Rules:
 * - In order per call: only a call's first open step (its head) may go, and the steps right
 *   after it may ride in the same batch behind it (a batch runs its commands in order). A failed
 *   step blocks its call until the agent retries it - except a failed `show` or `hide`, which
 *   only decide a card and never hold a finish back.
 * - Calls are independent: many calls' heads share a batch. Calls still ringing or talking go
 *   first, then the backlog oldest first.
 * - CALL_ID persisted before any dependent step: `finish` and the attachments go only with the
 *   CALL_ID the journal holds. Never as `$result[register][CALL_ID]` in the register's own
 *   batch: if that batch's answer were lost (timeout, crash), the register could not be
 *   repeated safely - Bitrix24 answers a repeated register with the same CALL_ID only while the
 *   call is unfinished, so a finish that did land would be followed by a second, new call. Only
 *   `show` and `hide`, which are harmless to repeat, ride on `$result[...]` references. The cost:
 *   none in requests (a call needs two commands either way, 25 calls per request), one more
 *   round trip per replay wave.
 * - A register or show whose answer was lost (timeout, 5xx, crash) may still be carried out late
 *   by the portal, which works on a request for up to 60 s. Under the documented dedupe (open
 *   calls only) a late register arriving after our finish would open a second call, and a late
 *   register or show arriving after our hide would open the card again; so finish, hide and the
 *   attachments wait until such a request can no longer land: `lateRequestMs` after its last
 *   doubtful attempt. Calls whose register and show went cleanly never wait.
 * - The step kinds `carriedOut` marks alone - `attachRecord` (an upload), `leadForMissedCall` (a
 *   search and two CRM requests) - are carried out one step at a time by their own handlers, never
 *   in a batch. A `leadForMissedCall` whose attempt may have landed unseen waits `lateRequestMs`
 *   after that attempt before its repeat looks for what it created (see
 *   main/services/bitrix/missed-call-lead.ts).
 * - An outage replay shows no cards: a register that leaves after its call ended goes with
 *   SHOW=0, a `show` for a call already over is skipped, and so is a `hide` of a card never shown.
 */

/** An open step as the planner sees it (the journal's OpenStep fits). */
export interface QueuedStep {
  id: number;
  callKey: string;
  seq: number;
  step: BitrixStep;
  state: 'pending' | 'sending' | 'done' | 'failed' | 'skipped';
  notBefore: number;
  callId: string | null;
  callPhase: CallPhase;
  /** See OpenStep.doubtfulCardAt (main/services/journal/call-journal.ts). */
  doubtfulCardAt: number | null;
  /** An earlier attempt of this step may have been carried out (its answer was lost). */
  possiblyDelivered?: boolean;
  /** When its latest attempt left (0: never). */
  lastAttemptAt?: number;
}

export interface PlanOptions {
  now: number;
  /** Calls with a request in flight: nothing more of theirs may go until it returns. */
  busyCalls: ReadonlySet<string>;
  /** Commands per batch request (Bitrix24 allows 50). */
  maxCommands: number;
  /** Steps to send alone, not in a batch (a batch holding them was refused as a whole). */
  sendAlone: ReadonlySet<number>;
  /** How long after it left a request may still be carried out by the portal (its 60 s limit). */
  lateRequestMs: number;
  /** Whether Bitrix24 showed this call's card to `userId` (so that hiding it means something). */
  cardShown: (callKey: string, userId: number) => boolean;
}

export interface PlannedCommand {
  /** The command's key in a batch (`s<stepId>`). */
  key: string;
  stepId: number;
  callKey: string;
  kind: BitrixStep['kind'];
  /** Whether its call is still ringing or talking (latency matters) rather than backlog. */
  live: boolean;
  method: string;
  params: Record<string, unknown>;
  /** The key of the register in the same batch whose CALL_ID this command refers to. */
  dependsOn?: string;
}

export type DeliveryPlan =
  /** One request: a single REST call when there is one command, else a batch. */
  | { kind: 'request'; commands: PlannedCommand[] }
  /** One step carried out alone by its own handler (see `carriedOut`). */
  | AlonePlan
  /** Steps settled without a request. */
  | {
      kind: 'settle';
      skipped: Array<{ stepId: number; why: string }>;
      failed: Array<{ stepId: number; why: string }>;
    }
  /** Nothing to send now; `until` is when the next step is due (null: nothing is waiting at all). */
  | { kind: 'wait'; until: number | null };

/**
 * How each step kind is carried out: as a REST method, which rides in a batch with others, or
 * alone by a handler of its own (never in a batch), handed over as a plan of the kind named here.
 */
const carriedOut = {
  register: { method: 'telephony.externalCall.register' },
  show: { method: 'telephony.externalCall.show' },
  hide: { method: 'telephony.externalCall.hide' },
  finish: { method: 'telephony.externalCall.finish' },
  attachTranscription: { method: 'telephony.call.attachTranscription' },
  /** An upload of the recording (not a REST method Bitrix24 accepts in a batch). */
  attachRecord: { alone: 'upload' },
  /** A missed call's lead and call activity (crmCreate.missed): a search and two CRM requests. */
  leadForMissedCall: { alone: 'lead' },
} as const satisfies Record<BitrixStepKind, { method: string } | { alone: string }>;

type Table = typeof carriedOut;
/** The step kinds carried out alone. */
type AloneKind = { [K in BitrixStepKind]: Table[K] extends { alone: string } ? K : never }[BitrixStepKind];
type BatchedKind = Exclude<BitrixStepKind, AloneKind>;
type AloneStep = Extract<BitrixStep, { kind: AloneKind }>;

/** A step of a kind carried out alone, with the CALL_ID the journal holds for its call. */
export type AlonePlan = {
  [K in AloneKind]: {
    kind: Table[K]['alone'];
    stepId: number;
    callKey: string;
    callId: string;
    step: Extract<BitrixStep, { kind: K }>;
  };
}[AloneKind];

function isAlone(step: BitrixStep): step is AloneStep {
  return 'alone' in carriedOut[step.kind];
}

function methodOf(kind: BatchedKind): string {
  return carriedOut[kind].method;
}

/** `show` and `hide` only decide a card: failing them never holds the call's finish back. */
export function blocksCall(kind: BitrixStep['kind']): boolean {
  return kind !== 'show' && kind !== 'hide';
}

interface Candidate {
  head: QueuedStep;
  rest: QueuedStep[];
}

export function planDelivery(queue: readonly QueuedStep[], options: PlanOptions): DeliveryPlan {
  const skipped: Array<{ stepId: number; why: string }> = [];
  const failed: Array<{ stepId: number; why: string }> = [];
  const candidates: Candidate[] = [];
  let until: number | null = null;

  for (const steps of byCall(queue)) {
    if (options.busyCalls.has(steps[0]!.callKey)) continue;
    const headIndex = steps.findIndex((step) => step.state !== 'failed' || blocksCall(step.step.kind));
    const head = steps[headIndex];
    if (!head || head.state !== 'pending') continue;
    const due = dueAt(head, options);
    if (due > options.now) {
      until = until === null ? due : Math.min(until, due);
      continue;
    }
    const pointless = pointlessCard(head, options);
    if (pointless) {
      skipped.push({ stepId: head.id, why: pointless });
      continue;
    }
    if (head.step.kind !== 'register' && head.callId === null) {
      failed.push({
        stepId: head.id,
        why: `${head.step.kind} without a CALL_ID: the call was never registered`,
      });
      continue;
    }
    candidates.push({ head, rest: steps.slice(headIndex + 1) });
  }

  if (skipped.length > 0 || failed.length > 0) return { kind: 'settle', skipped, failed };
  if (candidates.length === 0) return { kind: 'wait', until };
  // Live calls first; the journal's order (oldest first) otherwise.
  candidates.sort((a, b) => Number(a.head.callPhase === 'ended') - Number(b.head.callPhase === 'ended'));

  const first = candidates[0]!;
  const { head } = first;
  if (isAlone(head.step)) {
    return {
      kind: carriedOut[head.step.kind].alone,
      stepId: head.id,
      callKey: head.callKey,
      callId: head.callId!,
      step: head.step,
    } as AlonePlan;
  }
  if (options.sendAlone.has(head.id)) return { kind: 'request', commands: commandsOf(first, 1, options) };

  const commands: PlannedCommand[] = [];
  for (const candidate of candidates) {
    const room = options.maxCommands - commands.length;
    if (room <= 0) break;
    if (isAlone(candidate.head.step) || options.sendAlone.has(candidate.head.id)) continue;
    commands.push(...commandsOf(candidate, room, options));
  }
  return { kind: 'request', commands };
}

/** The head and whichever following steps of its call may ride behind it in the same request. */
function commandsOf(candidate: Candidate, room: number, options: PlanOptions): PlannedCommand[] {
  const commands: PlannedCommand[] = [];
  let registerKey: string | undefined;
  const { head } = candidate;
  for (const step of [head, ...candidate.rest]) {
    if (commands.length >= room) break;
    const { step: what } = step;
    // Steps carried out alone never ride in a request (planDelivery hands such a head over alone).
    if (isAlone(what)) break;
    if (step !== head) {
      if (step.state === 'failed' && !blocksCall(step.step.kind)) continue;
      if (step.state !== 'pending' || dueAt(step, options) > options.now || options.sendAlone.has(step.id))
        break;
      if (pointlessCard(step, options)) break;
    }
    const key = `s${step.id}`;
    const base = { key, stepId: step.id, callKey: step.callKey, live: step.callPhase !== 'ended' };
    switch (what.kind) {
      case 'register':
        commands.push({
          ...base,
          kind: 'register',
          method: methodOf('register'),
          // A replay after the call ended must not pop a card up for it.
          params: { ...what.params, SHOW: step.callPhase === 'ended' ? 0 : what.params.SHOW },
        });
        registerKey = key;
        break;
      case 'show':
      case 'hide': {
        const callId = step.callId ?? (registerKey ? resultReference(registerKey, 'CALL_ID') : null);
        if (callId === null) return commands;
        commands.push({
          ...base,
          kind: what.kind,
          method: methodOf(what.kind),
          params: { CALL_ID: callId, USER_ID: what.userIds },
          ...(step.callId === null && registerKey ? { dependsOn: registerKey } : {}),
        });
        break;
      }
      case 'finish':
      case 'attachTranscription':
        // Only with the CALL_ID the journal holds (see the rules above).
        if (step.callId === null) return commands;
        commands.push({
          ...base,
          kind: what.kind,
          method: methodOf(what.kind),
          params: { CALL_ID: step.callId, ...what.params },
        });
        break;
    }
  }
  return commands;
}

/** When a step may go: its backoff, and - for what a late register or show would undo - no such request in the air. */
function dueAt(step: QueuedStep, options: PlanOptions): number {
  // A lead.add or activity.add whose answer was lost may still land: the repeat looks for it
  // only once it can no longer arrive, so it never adds a second one.
  if (step.step.kind === 'leadForMissedCall' && step.possiblyDelivered)
    return Math.max(step.notBefore, (step.lastAttemptAt ?? 0) + options.lateRequestMs);
  const undoneByLate = step.step.kind !== 'register' && step.step.kind !== 'show';
  if (!undoneByLate || step.doubtfulCardAt === null) return step.notBefore;
  return Math.max(step.notBefore, step.doubtfulCardAt + options.lateRequestMs);
}

/** Why a show or hide would be pointless now, or null when it is not. */
function pointlessCard(step: QueuedStep, options: PlanOptions): string | null {
  if (step.step.kind === 'show' && step.callPhase === 'ended')
    return 'the call was over before its card could be shown';
  if (step.step.kind === 'hide' && !step.step.userIds.some((user) => options.cardShown(step.callKey, user)))
    return 'no card was shown, so there is none to hide';
  return null;
}

/** The queue grouped by call, each group in step order, groups in the queue's order. */
function byCall(queue: readonly QueuedStep[]): QueuedStep[][] {
  const groups = new Map<string, QueuedStep[]>();
  for (const step of queue) {
    const group = groups.get(step.callKey) ?? [];
    group.push(step);
    groups.set(step.callKey, group);
  }
  return [...groups.values()].map((group) => group.sort((a, b) => a.seq - b.seq));
}
