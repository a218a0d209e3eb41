import type { CallState } from '../calls/call-lifecycle';
import type { CallSummary, StepSummary, SyncState } from '../calls/call-summary';
import { classifyNumber, type NumberRules } from '../phone/phone-number';
import { blocksCall } from './delivery-plan';

/** A call's sync state from its steps (see SyncState for what each state means). */
export function syncStateOf(steps: readonly StepSummary[], signInRequired: boolean): SyncState {
  const failed = steps.find((step) => step.state === 'failed' && blocksCall(step.kind));
  if (failed?.lastError) {
    return { state: 'failed', stepId: failed.id, stepKind: failed.kind, error: failed.lastError };
  }
  const waiting = steps.filter((step) => step.state === 'pending' || step.state === 'sending');
  if (waiting.length === 0) return { state: 'synced' };
  if (signInRequired) return { state: 'needs-sign-in', waitingSteps: waiting.length };
  const troubled = waiting.filter((step) => step.lastError !== null);
  const latest = troubled.reduce<StepSummary | undefined>(
    (last, step) => (!last || (step.lastError?.at ?? 0) > (last.lastError?.at ?? 0) ? step : last),
    undefined,
  );
  if (!latest?.lastError) return { state: 'pending', waitingSteps: waiting.length };
  const due = troubled.map((step) => step.notBefore).filter((at) => at > 0);
  return {
    state: 'retrying',
    waitingSteps: waiting.length,
    attempts: Math.max(...troubled.map((step) => step.attempts)),
    error: latest.lastError,
    nextAttemptAt: due.length > 0 ? Math.min(...due) : null,
  };
}

function answeredElsewhere(state: CallState): boolean {
  const reason = state.outcome?.reason;
  return reason?.kind === 'caller-cancelled' && reason.completedElsewhere;
}

/**
 * The history's view of one call. An outside number is shown in international form, read with
 * `numberRules` (the agent's or the portal's country) as Bitrix24 gets it, whatever form the PBX
 * presented it in: the same customer reads the same whichever way the call went. Extensions and
 * what is no number stay as they came.
 */
export function summarizeCall(
  state: CallState,
  callId: string | null,
  steps: readonly StepSummary[],
  signInRequired: boolean,
  numberRules: NumberRules,
): CallSummary {
  const remote = classifyNumber(state.remoteNumber, numberRules);
  return {
    callKey: state.callKey,
    direction: state.direction,
    origin: state.origin.kind,
    remoteNumber: remote.kind === 'external' ? remote.e164 : state.remoteNumber,
    phase: state.phase,
    ringingAt: state.ringingAt,
    answeredAt: state.answeredAt ?? null,
    endedAt: state.endedAt ?? null,
    durationSeconds: state.outcome?.durationSeconds ?? null,
    statusCode: state.outcome?.status?.statusCode ?? null,
    answeredElsewhere: answeredElsewhere(state),
    callId,
    sync: syncStateOf(steps, signInRequired),
    steps: [...steps],
  };
}
