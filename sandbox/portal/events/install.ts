import { randomHex } from '../ids';
import type { App, EventDelivery } from '../state/model';
import type { Portal } from '../state/portal';
import { dispatchEvent, eventAuth, eventTimestamp, postEvent } from './event-delivery';

/**
 * (Re)installs an application as an administrator would: its event handlers are wiped (they must be
 * bound again after every install), its tokens die, it gets a new application_token, and
 * ONAPPINSTALL is POSTed form-encoded to the install URL with the installer's token pair.
 */
export async function installApp(
  portal: Portal,
  app: App,
  installerId: number,
  options: { installUrl?: string | null; redirectUri?: string | null },
): Promise<{ applicationToken: string; delivery: EventDelivery | null }> {
  if (options.installUrl !== undefined) app.installUrl = options.installUrl;
  if (options.redirectUri !== undefined) app.redirectUri = options.redirectUri;
  portal.data.handlers = portal.data.handlers.filter((handler) => handler.appClientId !== app.clientId);
  for (const token of portal.data.accessTokens) if (token.appClientId === app.clientId) token.revoked = true;
  for (const token of portal.data.refreshTokens) if (token.appClientId === app.clientId) token.revoked = true;
  app.applicationToken = randomHex(32);
  app.installed = true;
  portal.changed();
  if (!app.installUrl) return { applicationToken: app.applicationToken, delivery: null };
  const fields = {
    event: 'ONAPPINSTALL',
    data: { VERSION: app.version, ACTIVE: 'Y', INSTALLED: 'Y', LANGUAGE_ID: 'en' },
    ts: eventTimestamp(portal),
    auth: eventAuth(portal, app, installerId, true),
  };
  const [delivery] = await postEvent(portal, 'ONAPPINSTALL', app.installUrl, null, fields);
  return { applicationToken: app.applicationToken, delivery: delivery ?? null };
}

/** Removes the application: ONAPPUNINSTALL to its handlers, then its tokens and handlers are gone. */
export async function uninstallApp(portal: Portal, app: App, userId: number): Promise<EventDelivery[]> {
  const deliveries = await dispatchEvent(
    portal,
    app,
    'ONAPPUNINSTALL',
    { LANGUAGE_ID: 'en', CLEAN: '0' },
    userId,
  );
  app.installed = false;
  portal.data.handlers = portal.data.handlers.filter((handler) => handler.appClientId !== app.clientId);
  for (const token of portal.data.accessTokens) if (token.appClientId === app.clientId) token.revoked = true;
  for (const token of portal.data.refreshTokens) if (token.appClientId === app.clientId) token.revoked = true;
  portal.changed();
  return deliveries;
}
