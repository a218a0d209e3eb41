import { ringingIncomingCalls } from '../../common/phone/call-keys';
import type { PhoneCommand } from '../../common/phone/phone-command';
import type { PhoneCall, PhoneState } from '../../common/phone/phone-state';
import type { ShellTexts } from './shell-texts';

/**
 * Which incoming-call notifications to show and close when the phone state changes: one per
 * ringing incoming call, shown once when it starts ringing, closed as soon as it stops (answered
 * here or elsewhere, declined, or the caller gave up) so no stale notification outlives a call.
 */
export interface AlertPlan {
  show: PhoneCall[];
  close: string[];
}

export function alertPlan(shown: ReadonlySet<string>, state: PhoneState): AlertPlan {
  const ringing = ringingIncomingCalls(state);
  const ringingKeys = new Set(ringing.map((call) => call.callKey));
  return {
    show: ringing.filter((call) => !shown.has(call.callKey)),
    close: [...shown].filter((key) => !ringingKeys.has(key)),
  };
}

/** The notification's buttons, in the order the OS reports their index (see commandForAlertAction). */
export function alertActions(t: ShellTexts): string[] {
  return [t('incoming.answer'), t('incoming.decline')];
}

/** The phone command for a button of the notification of `callKey`; null for an unknown index. */
export function commandForAlertAction(callKey: string, actionIndex: number): PhoneCommand | null {
  if (actionIndex === 0) return { kind: 'answer', callKey };
  if (actionIndex === 1) return { kind: 'decline', callKey };
  return null;
}

/** The notification's text: who is calling, by name when known. */
export function alertText(call: PhoneCall, t: ShellTexts): { title: string; body: string } {
  const who = call.remoteNumber === '' ? t('incoming.unknown-number') : call.remoteNumber;
  return call.remoteName
    ? { title: t('incoming.title.named', { name: call.remoteName }), body: who }
    : { title: t('incoming.title'), body: who };
}

/** Platforms where Electron shows action buttons on a notification; elsewhere a click opens the window. */
export function notificationActionsSupported(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32';
}
