import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startNodeService, type NodeService } from '../../../sandbox/services/node-service';
import { startRelayService, type RelayService } from '../../../sandbox/services/relay-service';
import { clientId } from '../../relay/support/relay-rig';
import type { SignInSites } from '../../relay/support/browser-sign-in';

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
 * The real processes an attacker on loopback meets: the portal emulator and the relay
 * (relay/cli.ts), the application installed by the portal's administrator as in the demo. `stop()`
 * stops both by their PIDs and removes their directory.
 */
export async function startRelayStack(): Promise<RelayStack> {
  const directory = mkdtempSync(path.join(tmpdir(), 'relay-security-'));
  let portal: NodeService | undefined;
  let relay: RelayService | undefined;
  const stop = async () => {
    await relay?.stop();
    await portal?.process.stop();
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    portal = await startNodeService({
      name: 'portal emulator',
      script: 'sandbox/portal/cli.ts',
      args: ['--port', '0'],
      readyLine: /ready at (http:\/\/[\d.:]+)/,
      logFile: path.join(directory, 'portal.log'),
    });
    relay = await startRelayService({
      portalOrigin: portal.url,
      directory: path.join(directory, 'relay'),
      lines: [{ number: '74950001122', name: 'Main line' }],
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    relayUrl: relay.url,
    portalUrl: portal.url,
    clientId,
    portalDomain: new URL(portal.url).host,
    oauthServer: `${portal.url}/oauth-server/rest/`,
    stop,
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
export async function sandbox<T>(stack: RelayStack, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stack.portalUrl}${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${route}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
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
