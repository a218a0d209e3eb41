import type { CallSummary, StepSummary, SyncState } from '../../common/calls/call-summary';
import type { HostStatus } from '../../common/host-api/host-status';

/** How a piece of state reads in the UI, and its colour (the status bar's tones). */
export interface Wording {
  text: string;
  tone: 'ok' | 'busy' | 'bad' | 'off';
}

const stepNames: Record<StepSummary['kind'], string> = {
  register: 'registration',
  show: 'showing the card',
  hide: 'hiding the card',
  finish: 'the call result',
  attachRecord: 'the recording',
  attachTranscription: 'the transcript',
};

function inSeconds(at: number | null, now: number): string {
  if (at === null) return '';
  const seconds = Math.max(0, Math.ceil((at - now) / 1000));
  return seconds === 0 ? ', trying now' : `, next try in ${seconds} s`;
}

/** A call's Bitrix24 sync state in the agent's words. */
export function syncWording(sync: SyncState, now: number): Wording {
  switch (sync.state) {
    case 'synced':
      return { text: 'In Bitrix24', tone: 'ok' };
    case 'pending':
      return { text: 'Sending to Bitrix24…', tone: 'busy' };
    case 'retrying':
      return {
        text: `Retrying (attempt ${sync.attempts}): ${sync.error.description || sync.error.code || sync.error.kind}${inSeconds(sync.nextAttemptAt, now)}`,
        tone: 'busy',
      };
    case 'needs-sign-in':
      return { text: 'Waiting for you to sign in to Bitrix24 again', tone: 'bad' };
    case 'failed':
      return {
        text: `Bitrix24 refused ${stepNames[sync.stepKind]}: ${sync.error.description || sync.error.code}`,
        tone: 'bad',
      };
  }
}

/** The step the agent's "Retry" acts on, if there is one worth offering. */
export function retryableStep(call: CallSummary): number | null {
  if (call.sync.state === 'failed') return call.sync.stepId;
  if (call.sync.state === 'retrying')
    return call.steps.find((step) => step.state === 'pending' && step.lastError !== null)?.id ?? null;
  return null;
}

/** How the call went, in a few words. */
export function outcomeWording(call: CallSummary): string {
  if (call.phase !== 'ended') return call.phase === 'ringing' ? 'Ringing' : 'In progress';
  const duration =
    call.durationSeconds === null || call.durationSeconds === 0
      ? ''
      : ` · ${Math.floor(call.durationSeconds / 60)}:${String(call.durationSeconds % 60).padStart(2, '0')}`;
  switch (call.statusCode) {
    case null:
      return 'Answered elsewhere';
    case '200':
      return `Answered${duration}`;
    case '304':
      return 'Missed';
    case '603':
      return 'Declined';
    case '603-S':
      return 'Cancelled';
    case '486':
      return 'Busy';
    default:
      return `Not connected (${call.statusCode})`;
  }
}

/**
 * The banner over everything when calls cannot reach Bitrix24: the portal is unreachable, or the
 * sign-in is gone; with how many calls wait. Null when all is well.
 */
export function bannerWording(status: HostStatus | null, now: number): Wording | null {
  if (!status) return null;
  const waiting = status.outbox.waitingCalls;
  const calls = `${waiting} call${waiting === 1 ? '' : 's'} waiting`;
  if (status.outbox.state === 'unreachable') {
    const why = status.outbox.lastError ? ` (${status.outbox.lastError})` : '';
    return {
      text: `Bitrix24 unreachable${why}, ${calls}${inSeconds(status.outbox.nextAttemptAt, now)}`,
      tone: 'bad',
    };
  }
  if (status.outbox.state === 'sign-in-required')
    return { text: `Sign in to Bitrix24 again: ${calls} until you do`, tone: 'bad' };
  return null;
}

/** The notice after start-up when the call journal could not be used and was moved away. */
export function journalNotice(status: HostStatus | null): string | null {
  const aside = status?.journal.setAside;
  if (!aside) return null;
  return `The call history file could not be used (${aside.reason}) and was kept as ${aside.path}; a new one was started.`;
}
