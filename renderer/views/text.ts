import type { EndReason } from '../../common/calls/call-fact';
import { t } from '../i18n/t';
import type { CallEnd, CallNotice, PhoneCall, RegistrationFailure, RegistrationState } from '../phone/phone';

/** How the views word the phone's states: every text comes from the message table. */

export type Tone = 'ok' | 'busy' | 'bad' | 'off';

export function registrationText(state: RegistrationState): { text: string; tone: Tone } {
  switch (state.kind) {
    case 'unconfigured':
      return { text: t('sip.status.unconfigured'), tone: 'off' };
    case 'connecting':
      return { text: t('sip.status.connecting', { server: state.server }), tone: 'busy' };
    case 'registering':
      return { text: t('sip.status.registering', { server: state.server }), tone: 'busy' };
    case 'registered':
      return { text: t('sip.status.registered', { aor: state.aor }), tone: 'ok' };
    case 'failed':
      return { text: failureText(state.failure, state.server), tone: 'bad' };
  }
}

export function failureText(failure: RegistrationFailure, server: string): string {
  switch (failure.kind) {
    case 'unreachable':
      return t('sip.failure.unreachable', { server });
    case 'connection-lost':
      return t('sip.failure.connection-lost');
    case 'timeout':
      return t('sip.failure.timeout');
    case 'auth':
      return t('sip.failure.auth', { code: failure.sipCode, phrase: failure.reasonPhrase });
    case 'forbidden':
      return t('sip.failure.forbidden', { code: failure.sipCode, phrase: failure.reasonPhrase });
    case 'refused':
      return t('sip.failure.refused', { code: failure.sipCode, phrase: failure.reasonPhrase });
    case 'invalid-account':
      return t('sip.failure.invalid-account', { detail: failure.detail });
  }
}

export function endText(end: CallEnd | undefined): string {
  if (!end) return '';
  if (end.transferredTo) return t('end.transferred', { target: end.transferredTo });
  return endReasonText(end.reason);
}

export function endReasonText(reason: EndReason): string {
  switch (reason.kind) {
    case 'hangup':
      return t(reason.by === 'local' ? 'end.hangup.local' : 'end.hangup.remote');
    case 'caller-cancelled':
      return t(reason.completedElsewhere ? 'end.completed-elsewhere' : 'end.caller-cancelled');
    case 'declined':
      return t(reason.sipCode === 603 ? 'end.declined' : 'end.declined.busy');
    case 'cancelled':
      return t('end.cancelled');
    case 'rejected': {
      const known = (
        {
          486: 'end.rejected.486',
          600: 'end.rejected.486',
          404: 'end.rejected.404',
          480: 'end.rejected.480',
          408: 'end.rejected.408',
        } as const
      )[reason.sipCode as 486];
      return known
        ? t('end.rejected.known', { reason: t(known), code: reason.sipCode })
        : t('end.rejected', { code: reason.sipCode, phrase: reason.reasonPhrase });
    }
    case 'failed':
      return t('end.failed', { phrase: reason.reasonPhrase });
  }
}

export function phaseText(call: PhoneCall): string {
  if (call.pending === 'hold') return t('call.holding');
  if (call.pending === 'resume') return t('call.resuming');
  switch (call.phase) {
    case 'ringing':
      return t(call.waiting ? 'call.waiting' : 'call.incoming');
    case 'calling':
      return t(call.remoteRinging ? 'call.remote-ringing' : 'call.outgoing');
    case 'connecting':
      return t('call.connecting');
    case 'active':
      return t(call.conference ? 'call.conference' : 'call.active');
    case 'held':
      return t('call.held');
    case 'ended':
      return endText(call.end);
  }
}

export function noticeText(notice: CallNotice): string {
  const code = 'sipCode' in notice && notice.sipCode ? ` (${notice.sipCode})` : '';
  switch (notice.kind) {
    case 'hold-failed':
      return t('notice.hold-failed', { code });
    case 'resume-failed':
      return t('notice.resume-failed', { code });
    case 'transfer-failed':
      return t('notice.transfer-failed', {
        code: notice.sipCode
          ? ` (${notice.sipCode}${notice.reasonPhrase ? ` ${notice.reasonPhrase}` : ''})`
          : '',
      });
    case 'dtmf-failed':
      return t('notice.dtmf-failed');
    case 'connection-lost':
      return t('notice.connection-lost');
    case 'media-restored':
      return t('notice.media-restored');
    case 'microphone-switched':
      return t('notice.microphone-switched', { label: notice.label });
    case 'microphone-failed':
      return t('notice.microphone-failed');
  }
}

export function elapsed(since: number, now: number): string {
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const mm = hours > 0 ? String(minutes % 60).padStart(2, '0') : String(minutes);
  return `${hours > 0 ? `${hours}:` : ''}${mm}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A label with its shortcut, as buttons show it and screen readers read it. */
export function withShortcut(label: string, keys: string): string {
  return t('action.shortcut', { label, keys });
}
