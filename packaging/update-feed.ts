import { desktopSettingsSchema } from '../common/settings/desktop-settings';

/**
 * Where the packaged app looks for updates: electron-builder writes this into the package's
 * `app-update.yml` (and uses it for `latest*.yml`). It is built here from B24PHONE_UPDATE_URL
 * rather than in electron-builder.yml, because electron-builder's `${env.NAME}` macro does not
 * match a name with digits: `${env.B24PHONE_UPDATE_URL}` shipped as that literal text, which
 * electron-updater refuses (ERR_INVALID_URL). A build without a valid https URL is refused.
 */
export function updatePublishConfiguration(env: NodeJS.ProcessEnv): {
  provider: 'generic';
  url: string;
  channel: string;
} {
  const url = (env['B24PHONE_UPDATE_URL'] ?? '').trim();
  if (url === '' || !desktopSettingsSchema.shape.updateUrl.safeParse(url).success) {
    throw new Error(
      `B24PHONE_UPDATE_URL must be the https:// folder the agents' apps update from (got '${url}')`,
    );
  }
  return { provider: 'generic', url, channel: 'latest' };
}
