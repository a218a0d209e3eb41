import { relayPaths, type SignInPollResult, type SignInStarted } from '../../../common/relay/relay-api';

/** Where a person's browser goes during "Sign in with Bitrix24": the relay and the portal emulator. */
export interface SignInSites {
  relayUrl: string;
  portalUrl: string;
  clientId: string;
}

/**
 * "Sign in with Bitrix24" as a person does it, over raw HTTP: the app starts it (naming `portal`
 * when given), the browser opens the authorize page, the person picks the user, the portal
 * redirects to the relay, and the app's poll collects the session.
 */
export async function signInAsPerson(
  sites: SignInSites,
  userId: number,
  portal?: string,
): Promise<Extract<SignInPollResult, { state: 'signed-in' }>> {
  const started = (await (
    await postJson(sites.relayUrl, relayPaths.signIn, portal ? { portal } : {})
  ).json()) as SignInStarted;
  await authorizeInBrowser(sites, started.authorizeUrl, userId);
  const polled = (await (
    await postJson(sites.relayUrl, relayPaths.signInPoll, {
      pairingId: started.pairingId,
      pollToken: started.pollToken,
    })
  ).json()) as SignInPollResult;
  if (polled.state !== 'signed-in') throw new Error(`poll: ${JSON.stringify(polled)}`);
  return polled;
}

/**
 * What the agent does in the browser: opens the authorize page, picks the user, and follows the
 * portal's redirect to the relay.
 */
export async function authorizeInBrowser(
  sites: SignInSites,
  authorizeUrl: string,
  userId: number,
): Promise<void> {
  const portalUrl = await confirmInBrowser(sites.relayUrl, authorizeUrl);
  const page = await fetch(portalUrl);
  if (!page.ok) throw new Error(`authorize page: ${page.status}`);
  const state = new URL(portalUrl).searchParams.get('state') ?? '';
  const picked = await fetch(`${sites.portalUrl}/oauth/authorize/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: sites.clientId, state, user_id: String(userId) }).toString(),
    redirect: 'manual',
  });
  const location = picked.headers.get('location');
  if (picked.status !== 302 || !location)
    throw new Error(`authorize: ${picked.status} ${await picked.text()}`);
  const landed = await fetch(location);
  if (!landed.ok) throw new Error(`relay callback: ${landed.status} ${await landed.text()}`);
}

/** The relay's confirmation page and its "Continue to Bitrix24" button; returns where it leads. */
export async function confirmInBrowser(relayUrl: string, confirmUrl: string): Promise<string> {
  const page = await fetch(confirmUrl);
  if (!page.ok) throw new Error(`confirmation page: ${page.status} ${await page.text()}`);
  const pairing = new URL(confirmUrl).searchParams.get('pairing') ?? '';
  const continued = await fetch(new URL(relayPaths.signInConfirm, relayUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: relayUrl },
    body: new URLSearchParams({ pairing }).toString(),
    redirect: 'manual',
  });
  const location = continued.headers.get('location');
  if (continued.status !== 303 || !location)
    throw new Error(`confirm: ${continued.status} ${await continued.text()}`);
  return location;
}

function postJson(origin: string, route: string, body: unknown): Promise<Response> {
  return fetch(`${origin}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
