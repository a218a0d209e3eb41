import type { Settings } from '../../common/settings/settings';
import { isAppUrl } from './app-origin';

/**
 * What happens when the page tries to go somewhere: our own origin stays in the window, a link to
 * an allowed site (the agent's Bitrix24 portal) opens in the system browser, everything else is
 * refused. The window never shows remote content, so a hijacked link cannot load a page that
 * would inherit the preload's host API.
 */
export type NavigationDecision = 'stay' | 'open-in-browser' | 'deny';

export function navigationDecision(url: string, browserAllowlist: readonly string[]): NavigationDecision {
  if (isAppUrl(url)) return 'stay';
  return isAllowedExternal(url, browserAllowlist) ? 'open-in-browser' : 'deny';
}

/** window.open and target=_blank: never a new window; an allowed link goes to the system browser. */
export function windowOpenDecision(url: string, browserAllowlist: readonly string[]): NavigationDecision {
  return isAllowedExternal(url, browserAllowlist) ? 'open-in-browser' : 'deny';
}

function isAllowedExternal(url: string, browserAllowlist: readonly string[]): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  return browserAllowlist.includes(parsed.origin);
}

/**
 * Origins whose links may open in the system browser: the agent's Bitrix24 portal (CRM cards,
 * the call statistics). Only https, except a portal on loopback (the sandbox's emulator).
 */
export function browserAllowlist(settings: Pick<Settings, 'bitrix'>): string[] {
  const portal = settings.bitrix?.portalUrl;
  if (portal === undefined || !URL.canParse(portal)) return [];
  const url = new URL(portal);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return [url.origin];
  return [];
}
