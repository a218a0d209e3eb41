import type { CallSummary, StepSummary, SyncState } from '../../common/calls/call-summary';
import type { HostStatus } from '../../common/host-api/host-status';
import { t, type MessageKey } from '../i18n/t';

/** How a piece of state reads in the UI, and its colour (the status bar's tones). */
export interface Wording {
  text: string;
  tone: 'ok' | 'busy' | 'bad' | 'off';
}

const stepNames: Record<StepSummary['kind'], MessageKey> = {
  register: 'sync.step.register',
  show: 'sync.step.show',
  hide: 'sync.step.hide',
  finish: 'sync.step.finish',
  attachRecord: 'sync.step.attachRecord',
  attachTranscription: 'sync.step.attachTranscription',
};

function inSeconds(at: number | null, now: number): string {
  if (at === null) return '';
  const seconds = Math.max(0, Math.ceil((at - now) / 1000));
  return seconds === 0 ? t('sync.trying-now') : t('sync.next-try', { seconds });
}

/**
 * A call's Bitrix24 sync state in the agent's words. `portalUnreachable`: the outbox is backing
 * off from the portal, so a call whose turn has not come yet is waiting for it, not being sent.
 */
export function syncWording(sync: SyncState, now: number, portalUnreachable = false): Wording {
  switch (sync.state) {
    case 'synced':
      return { text: t('sync.synced'), tone: 'ok' };
    case 'pending':
      return { text: t(portalUnreachable ? 'sync.waiting-for-portal' : 'sync.pending'), tone: 'busy' };
    case 'retrying':
      return {
        text: t('sync.retrying', {
          attempts: sync.attempts,
          error: sync.error.description || sync.error.code || sync.error.kind,
          next: inSeconds(sync.nextAttemptAt, now),
        }),
        tone: 'busy',
      };
    case 'needs-sign-in':
      return { text: t('sync.needs-sign-in'), tone: 'bad' };
    case 'failed':
      return {
        text: t('sync.failed', {
          step: t(stepNames[sync.stepKind]),
          error: sync.error.description || sync.error.code,
        }),
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
  if (call.phase !== 'ended')
    return t(call.phase === 'ringing' ? 'history.outcome.ringing' : 'history.outcome.in-progress');
  switch (call.statusCode) {
    case null:
      return t('history.outcome.answered-elsewhere');
    case '200': {
      const seconds = call.durationSeconds ?? 0;
      if (seconds === 0) return t('history.outcome.answered');
      const duration = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
      return t('history.outcome.answered.duration', { duration });
    }
    case '304':
      return t('history.outcome.missed');
    case '603':
      return t('history.outcome.declined');
    case '603-S':
      return t('history.outcome.cancelled');
    case '486':
      return t('history.outcome.busy');
    default:
      return t('history.outcome.not-connected', { code: call.statusCode });
  }
}

/**
 * The banner over everything when calls cannot reach Bitrix24: the portal is unreachable, or the
 * sign-in is gone; with how many calls wait. Null when all is well.
 */
export function bannerWording(status: HostStatus | null, now: number): Wording | null {
  if (!status) return null;
  const count = status.outbox.waitingCalls;
  const calls = t(count === 1 ? 'outbox.waiting-calls.one' : 'outbox.waiting-calls.other', { count });
  if (status.outbox.state === 'unreachable') {
    const error = status.outbox.lastError;
    return {
      text: t('outbox.banner.unreachable', {
        why: error ? t('outbox.banner.unreachable.why', { error }) : '',
        calls,
        next: inSeconds(status.outbox.nextAttemptAt, now),
      }),
      tone: 'bad',
    };
  }
  if (status.outbox.state === 'sign-in-required')
    return { text: t('outbox.banner.sign-in', { calls }), tone: 'bad' };
  return null;
}

/** The notice after start-up when the call journal could not be used and was moved away. */
export function journalNotice(status: HostStatus | null): string | null {
  const aside = status?.journal.setAside;
  if (!aside) return null;
  return t('journal.set-aside', { reason: aside.reason, path: aside.path });
}
