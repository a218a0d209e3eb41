import { clientId, portalSandbox } from '../../relay/support/relay-rig';
import type { SignInSites } from '../../relay/support/browser-sign-in';
import { RelayProcess } from './relay-process';

/** The emulator's seeded portal, as its ONAPPINSTALL and token answers name it. */
export const memberId = '5a1db0c5e7d24b3c9f0e6a7b8c9d0e1f';

export interface RelayStack extends SignInSites {
  /** The portal's host (`domain` in its events). */
  portalDomain: string;
  /** The OAuth server the relay is configured with (the emulator's). */
  oauthServer: string;
  stop(): Promise<void>;
}

/**
 * What an attacker on loopback meets: the relay's own process next to the portal emulator
 * (RelayProcess), the application installed by the portal's administrator as in the demo.
 * `stop()` stops both and removes their folder.
 */
export async function startRelayStack(): Promise<RelayStack> {
  const relay = await RelayProcess.start({
    config: { lines: [{ number: '74950001122', name: 'Main line' }] },
  });
  try {
    const installed = await relay.install();
    if (installed.status !== 200)
      throw new Error(`installing the app with the relay answered ${installed.status}`);
  } catch (error) {
    await relay.stop();
    throw error;
  }
  return {
    relayUrl: relay.url,
    portalUrl: relay.portalUrl,
    clientId,
    portalDomain: new URL(relay.portalUrl).host,
    oauthServer: `${relay.portalUrl}/oauth-server/rest/`,
    stop: () => relay.stop(),
  };
}

/** An ONAPPINSTALL as the emulator sends it (the documented `auth` keys), with `auth` laid over. */
export function installForm(stack: RelayStack, auth: Record<string, string>): URLSearchParams {
  const fields: Record<string, string> = {
    event: 'ONAPPINSTALL',
    'data[VERSION]': '1',
    'data[ACTIVE]': 'Y',
    'data[INSTALLED]': 'Y',
    'data[LANGUAGE_ID]': 'en',
    ts: String(Math.floor(Date.now() / 1000)),
  };
  const block = {
    access_token: 'forged-access-token',
    expires_in: '3600',
    scope: 'telephony,crm,user',
    domain: stack.portalDomain,
    server_endpoint: stack.oauthServer,
    status: 'L',
    client_endpoint: `${stack.portalUrl}/rest/`,
    member_id: memberId,
    refresh_token: 'forged-refresh-token',
    application_token: 'attacker-chosen-application-token',
    ...auth,
  };
  for (const [key, value] of Object.entries(block)) fields[`auth[${key}]`] = value;
  return new URLSearchParams(fields);
}

/** POSTs a form to the relay as any network client can. */
export function postForm(stack: RelayStack, route: string, form: URLSearchParams): Promise<Response> {
  return fetch(`${stack.relayUrl}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
}

/** A /_sandbox request to the emulator (JSON in and out). */
export function sandbox<T>(stack: RelayStack, route: string, body?: unknown): Promise<T> {
  return portalSandbox<T>(stack.portalUrl, route, body);
}

/** A click in the CRM as user 2: the portal registers the call and sends ONEXTERNALCALLSTART. */
export async function clickToCall(
  stack: RelayStack,
): Promise<{ status: number | null; responseBody: string | null }> {
  const answer = await sandbox<{ deliveries: { status: number | null; responseBody: string | null }[] }>(
    stack,
    '/_sandbox/click-to-call',
    { user_id: 2, phone: '+79161234567' },
  );
  const [delivery] = answer.deliveries;
  if (!delivery) throw new Error(`no delivery: ${JSON.stringify(answer)}`);
  return delivery;
}
