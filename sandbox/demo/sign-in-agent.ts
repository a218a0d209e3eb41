import { waitUntil } from '../pbx/wait-until';
import { openHostBridge } from '../services/host-bridge';
import { formOf, headingOf, textOf, type HtmlForm } from './html-forms';

export interface AgentSignIn {
  /** The agent's web host (its app). */
  hostUrl: string;
  relayUrl: string;
  /** The Bitrix24 user the agent picks on the portal's authorize page. */
  userId: number;
  timeoutMs?: number;
}

/**
 * "Sign in with Bitrix24" for one agent, as the agent does it by hand but without a browser: the
 * app is asked to sign in to the relay (the host API call its Settings button makes), the relay's
 * confirmation page is checked for the app's code and continued, the portal's authorize page is
 * answered with the agent's user, and the redirects are followed back to the relay until it says
 * "Signed in"; then the app's own status must say it is connected to the relay as that user.
 */
export async function signInAgent(options: AgentSignIn): Promise<void> {
  const { hostUrl, relayUrl, userId } = options;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const bridge = await openHostBridge(hostUrl);
  try {
    const { authorizeUrl, userCode } = await bridge.host.relay['sign-in']({ relayUrl });
    const confirmation = await open(authorizeUrl);
    if (!textOf(confirmation.html).includes(userCode)) {
      throw new Error(`the relay's confirmation page does not show the app's code ${userCode}`);
    }
    const authorize = await submit(formOf(confirmation.html, confirmation.url, 'pairing'));
    const pick = formOf(authorize.html, authorize.url, 'user_id', String(userId));
    const done = await submit(pick, { user_id: String(userId) });
    if (headingOf(done.html) !== 'Signed in') {
      throw new Error(`the relay did not sign user ${userId} in: ${textOf(done.html)}`);
    }
    await waitUntil(
      `the app at ${hostUrl} to be connected to the relay as user ${userId}`,
      async () => {
        const relay = (await bridge.host.status.get()).relay;
        return relay?.state === 'connected' && relay.userId === userId ? true : undefined;
      },
      { timeoutMs, intervalMs: 200 },
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`signing in the agent at ${hostUrl} through the relay failed: ${reason}`, {
      cause: error,
    });
  } finally {
    bridge.close();
  }
}

interface Page {
  url: string;
  html: string;
}

async function open(url: string): Promise<Page> {
  return pageOf(await fetch(url), url);
}

/** Submits a form as a browser does (its own origin, urlencoded), following the redirects. */
async function submit(form: HtmlForm, pressed: Record<string, string> = {}): Promise<Page> {
  const response = await fetch(form.action, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: new URL(form.pageUrl).origin,
    },
    body: new URLSearchParams({ ...form.fields, ...pressed }).toString(),
  });
  return pageOf(response, form.action);
}

async function pageOf(response: Response, requested: string): Promise<Page> {
  const html = await response.text();
  const url = response.url || requested;
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${textOf(html).slice(0, 300)}`);
  return { url, html };
}
