import { protocol } from 'electron';
import type { Settings } from '../../common/settings/settings';
import { serveAppRequest } from './app-files';
import { appScheme } from './app-origin';
import { contentSecurityPolicy } from './content-security-policy';
import type { WatchedValue } from './watched-value';

/**
 * Declares app:// a standard, secure scheme: relative URLs and `fetch` work, the page is a secure
 * context (getUserMedia requires one), and its origin is `app://b24phone`. Must run before the
 * app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: appScheme,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Serves the built renderer on app://, with the CSP for the settings in force when the page loads. */
export function setupAppProtocol(rendererDir: string, settings: WatchedValue<Settings>): void {
  protocol.handle(appScheme, (request) =>
    serveAppRequest(rendererDir, request.url, contentSecurityPolicy(settings.get())),
  );
}
