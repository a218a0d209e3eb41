import { app, shell } from 'electron';
import type { Settings } from '../../common/settings/settings';
import type { Logger } from '../services/log/logger';
import { browserAllowlist, navigationDecision, windowOpenDecision } from './navigation-policy';
import type { WatchedValue } from './watched-value';

/**
 * Applies the navigation policy to every page Electron creates (ours, and any a bug might open):
 * no navigation away from our origin, no redirects out of it, no new windows, no <webview>.
 * Allowed links (the agent's Bitrix24 portal) go to the system browser instead.
 */
export function setupNavigationGuard(settings: WatchedValue<Settings>, log: Logger): void {
  const allowlist = () => browserAllowlist(settings.get());
  const openOutside = (url: string) => {
    shell.openExternal(url).catch((error: unknown) => log.warn({ err: error }, 'could not open a link'));
  };
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      const decision = navigationDecision(event.url, allowlist());
      if (decision === 'stay') return;
      event.preventDefault();
      if (decision === 'open-in-browser') openOutside(event.url);
      else log.warn({ url: event.url.slice(0, 200) }, 'navigation refused');
    });
    contents.on('will-redirect', (event) => {
      if (navigationDecision(event.url, []) === 'stay') return;
      event.preventDefault();
      log.warn({ url: event.url.slice(0, 200) }, 'redirect refused');
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (windowOpenDecision(url, allowlist()) === 'open-in-browser') openOutside(url);
      else log.warn({ url: url.slice(0, 200) }, 'window.open refused');
      return { action: 'deny' };
    });
  });
}
