import { isAppUrl } from './app-origin';

/**
 * Which browser permissions the page gets: the microphone, for our own origin, nothing else. No
 * camera (the phone is audio only), no notifications (the shell shows them), no geolocation,
 * clipboard, HID or anything a compromised script could use to reach further.
 */
export interface PermissionQuestion {
  /** Electron's permission name ('media', 'notifications', ...). */
  permission: string;
  /** The URL (or origin) of the frame that asks. */
  requestingUrl: string;
  /** For 'media': what is asked for; a request must not include video. */
  mediaTypes: readonly string[];
  /** True for the top-level frame of our window; iframes never get the microphone. */
  isMainFrame: boolean;
}

export function permissionDecision(question: PermissionQuestion): boolean {
  if (question.permission !== 'media') return false;
  if (!question.isMainFrame || !isAppUrl(question.requestingUrl)) return false;
  if (question.mediaTypes.length === 0) return false;
  return question.mediaTypes.every((type) => type === 'audio');
}
