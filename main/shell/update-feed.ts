import type { Settings } from '../../common/settings/settings';

/** A day: agents keep the app open for whole shifts, so a check at start alone is not enough. */
export const updateCheckIntervalMs = 24 * 60 * 60_000;
/** The first check waits until registration and the first calls are not competing for the network. */
export const firstUpdateCheckDelayMs = 60_000;

/**
 * Where to look for updates (electron-updater's generic provider): the operator's environment
 * variable wins (set machine-wide by a roll-out tool), then the agent's settings; null means
 * the URL built into the package (electron-builder.yml `publish`), if any. Only https.
 */
export function updateFeedUrl(env: NodeJS.ProcessEnv, settings: Pick<Settings, 'desktop'>): string | null {
  const candidates = [env['B24PHONE_UPDATE_URL'] ?? '', settings.desktop.updateUrl];
  for (const candidate of candidates) {
    const value = candidate.trim();
    if (value !== '' && URL.canParse(value) && new URL(value).protocol === 'https:') return value;
  }
  return null;
}
