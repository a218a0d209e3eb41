import { app } from 'electron';
import type * as ElectronUpdater from 'electron-updater';
import type { AppUpdater } from 'electron-updater';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AppLanguage } from '../../common/settings/appearance-settings';
import type { Settings } from '../../common/settings/settings';
import type { Logger } from '../services/log/logger';
import { shellTexts, type ShellTexts } from './shell-texts';
import { firstUpdateCheckDelayMs, updateCheckIntervalMs, updateFeedUrl } from './update-feed';
import type { WatchedValue } from './watched-value';

/**
 * Keeps a packaged app up to date from the operator's server: checks a minute after start and then
 * daily, downloads in the background, and installs when the agent quits the app - never by
 * restarting it under a call. The agent is told once an update is ready. Unpackaged builds and
 * packages with no update URL skip all of this.
 */
export function setupAutoUpdate(options: {
  settings: WatchedValue<Settings>;
  language: WatchedValue<AppLanguage>;
  log: Logger;
  notify: (title: string, body: string) => void;
}): void {
  if (!app.isPackaged) return;
  const { settings, log } = options;
  void loadAutoUpdater().then((updater) => {
    updater.logger = log;
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
    const builtIn = existsSync(path.join(process.resourcesPath, 'app-update.yml'));
    const configure = (current: Settings): boolean => {
      const url = updateFeedUrl(process.env, current);
      if (url !== null) updater.setFeedURL({ provider: 'generic', url });
      return url !== null || builtIn;
    };
    if (!configure(settings.get())) {
      log.info('updates not configured: no update URL in the package, the environment or the settings');
    }
    settings.subscribe((next) => configure(next));
    updater.on('update-downloaded', (info) => {
      const notice = updateReadyNotice(info.version, shellTexts(options.language.get()));
      options.notify(notice.title, notice.body);
    });
    updater.on('error', (error) => log.warn({ err: error }, 'update check failed'));
    const check = () => {
      if (updateFeedUrl(process.env, settings.get()) === null && !builtIn) return;
      updater.checkForUpdates().catch((error: unknown) => log.warn({ err: error }, 'update check failed'));
    };
    setTimeout(check, firstUpdateCheckDelayMs).unref();
    setInterval(check, updateCheckIntervalMs).unref();
  });
}

/** What the agent is told once an update is downloaded: it waits for them to quit. */
export function updateReadyNotice(version: string, t: ShellTexts): { title: string; body: string } {
  return { title: t('update.ready.title', { version }), body: t('update.ready.body') };
}

/**
 * electron-updater is loaded only in a packaged app: it reads Electron's `app` as it loads, and
 * it is CommonJS, whose exports reach an ES module either by name or on `default`.
 */
async function loadAutoUpdater(): Promise<AppUpdater> {
  const loaded = (await import('electron-updater')) as typeof ElectronUpdater & {
    default?: typeof ElectronUpdater;
  };
  return loaded.default?.autoUpdater ?? loaded.autoUpdater;
}
