import { isAppUrl } from './app-origin';
import { isLocalNetworkPermission, type LocalNetworkPermission } from './local-network-policy';

/**
 * Which browser permissions the page gets: the microphone, and the local-network permission its
 * PBX needs (local-network-policy.ts), for our own origin's main frame, nothing else. No
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
  /** The local-network permissions the configured PBX needs (none when it is on the internet). */
  localNetwork: ReadonlySet<LocalNetworkPermission>;
}

export function permissionDecision(question: PermissionQuestion): boolean {
  if (!question.isMainFrame || !isAppUrl(question.requestingUrl)) return false;
  if (isLocalNetworkPermission(question.permission)) return question.localNetwork.has(question.permission);
  if (question.permission !== 'media') return false;
  if (question.mediaTypes.length === 0) return false;
  return question.mediaTypes.every((type) => type === 'audio');
}
