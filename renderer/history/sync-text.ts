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
  leadForMissedCall: 'sync.step.leadForMissedCall',
  attachTranscription: 'sync.step.attachTranscription',
};

/** `text`, and when the next attempt comes (if one is planned). */
function withNextTry(text: string, at: number | null, now: number): string {
  if (at === null) return text;
  const seconds = Math.max(0, Math.ceil((at - now) / 1000));
  return seconds === 0 ? t('sync.trying-now', { text }) : t('sync.next-try', { text, count: seconds });
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
    case 'retrying': {
      const error = sync.error.description || sync.error.code || sync.error.kind;
      return {
        text: withNextTry(t('sync.retrying', { attempts: sync.attempts, error }), sync.nextAttemptAt, now),
        tone: 'busy',
      };
    }
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

/** A talk time as m:ss. */
function duration(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** How the call went, in a few words. */
export function outcomeWording(call: CallSummary): string {
  if (call.phase !== 'ended')
    return t(call.phase === 'ringing' ? 'history.outcome.ringing' : 'history.outcome.in-progress');
  if (call.answeredElsewhere) return t('history.outcome.elsewhere');
  const talked = call.durationSeconds
    ? t('history.outcome.answered-for', { duration: duration(call.durationSeconds) })
    : t('history.outcome.answered');
  switch (call.statusCode) {
    case '200':
      return talked;
    // Hidden only: a ring-group or transferred call a colleague's app finishes, not answered here;
    // or one talked here and handed off with a transfer (the new agent, or the relay, finishes it).
    case null:
      return call.answeredAt !== null ? talked : t('history.outcome.missed');
    case '304':
      return t('history.outcome.missed');
    case '603':
      return t('history.outcome.declined');
    case '603-S':
      return t('history.outcome.cancelled');
    case '486':
      return t('history.outcome.busy');
    default:
      return t('history.outcome.other', { code: call.statusCode });
  }
}

/**
 * The banner over everything when calls cannot reach Bitrix24: the portal is unreachable, or the
 * sign-in is gone; with how many calls wait. Null when all is well.
 */
export function bannerWording(status: HostStatus | null, now: number): Wording | null {
  if (!status) return null;
  const calls = t('outbox.calls-waiting', { count: status.outbox.waitingCalls });
  if (status.outbox.state === 'unreachable') {
    const error = status.outbox.lastError;
    const text = error ? t('outbox.unreachable.why', { error, calls }) : t('outbox.unreachable', { calls });
    return { text: withNextTry(text, status.outbox.nextAttemptAt, now), tone: 'bad' };
  }
  if (status.outbox.state === 'sign-in-required')
    return { text: t('outbox.sign-in', { calls }), tone: 'bad' };
  return null;
}

/** The notice after start-up when the call journal could not be used and was moved away. */
export function journalNotice(status: HostStatus | null): string | null {
  const aside = status?.journal.setAside;
  if (!aside) return null;
  return t('journal.set-aside', { reason: aside.reason, path: aside.path });
}
