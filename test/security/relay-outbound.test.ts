import { afterEach, describe, expect, it } from 'vitest';
import { relayPaths, type SignInStarted } from '../../common/relay/relay-api';
import { confirmInBrowser, signInAsPerson } from '../relay/support/browser-sign-in';
import { startReceiver, type Receiver } from '../sandbox/portal/support/receiver';
import { clickToCall, installForm, postForm, startRelayStack, type RelayStack } from './support/relay-stack';

/**
 * Issue 15, item 2: the relay calls only the configured OAuth server and the portal endpoints its
 * answers name - never an address from an event - echoes no remote answer, and signs agents in
 * only at a portal whose installation was proven. Raw HTTP against the real relay and portal
 * emulator processes on loopback; the "other hosts" are real HTTP servers recording what reaches
 * them.
 */
let stack: RelayStack | undefined;
const hosts: Receiver[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
  await stack?.stop();
  stack = undefined;
});

async function otherHost(contentType: string, body: string): Promise<Receiver> {
  const host = await startReceiver();
  host.contentType = contentType;
  host.body = body;
  hosts.push(host);
  return host;
}

/** The app's first step of "Sign in with Bitrix24", naming the portal by domain or member_id. */
function startSignIn(stack: RelayStack, portal: string): Promise<Response> {
  return fetch(`${stack.relayUrl}${relayPaths.signIn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ portal }),
  });
}

describe('the relay and addresses named by an event', { timeout: 90_000 }, () => {
  it('calls no host a forged install names and echoes no answer of one', async () => {
    stack = await startRelayStack();
    const secret = 'internal-host-answer-0f3c9a';
    const internal = await otherHost('text/html', `<html><body>${secret} ${'x'.repeat(400)}</body></html>`);
    const origin = new URL(internal.url).origin;

    const forged = await postForm(
      stack,
      '/bitrix/install',
      installForm(stack, {
        member_id: 'unknown-member-0001',
        domain: new URL(origin).host,
        client_endpoint: `${origin}/rest/`,
      }),
    );
    const answer = await forged.text();
    expect(answer).not.toContain(secret);
    expect(internal.received).toEqual([]);
    expect(forged.status).toBe(401);

    // Positive control: the portal's genuine events are still accepted.
    expect((await clickToCall(stack)).status).toBe(200);
  });

  it('keeps no portal from a forged install claiming the real domain: sign-in still goes to the real portal', async () => {
    stack = await startRelayStack();
    // A host that answers like a portal would, so only the proof can stop the install.
    const lookalike = await otherHost('application/json', '{"result":[]}');
    const origin = new URL(lookalike.url).origin;

    const forged = await postForm(
      stack,
      '/bitrix/install',
      installForm(stack, { member_id: 'unknown-member-0002', client_endpoint: `${origin}/rest/` }),
    );
    const started = (await (await startSignIn(stack, stack.portalDomain)).json()) as SignInStarted;
    const authorize = new URL(await confirmInBrowser(stack.relayUrl, started.authorizeUrl));
    expect(authorize.origin).toBe(stack.portalUrl);
    expect((await startSignIn(stack, 'unknown-member-0002')).status).toBe(404);

    expect(lookalike.received).toEqual([]);
    expect(forged.status).toBe(401);
    // Positive control: the agent signs in at the real portal, by its domain.
    const signedIn = await signInAsPerson(stack, 2, stack.portalDomain);
    expect(signedIn.portal).toBe(stack.portalDomain);
  });
});
