/**
 * The web host's per-launch key. The host prints the address to open with the key in it
 * (`?key=...`); the page served at that address gets it back as an HttpOnly, SameSite=Strict
 * cookie, and the bridge answers only a connection that carries this cookie and the host's own
 * Origin. A local process that only knows the port, or sends the right Origin, gets nothing: the
 * key is in the host's output and in the agent's browser, nowhere else.
 */
export const launchKeyParam = 'key';

/** One cookie per port: cookies ignore ports, and two hosts on one machine must not overwrite each other's. */
export function launchKeyCookie(port: string | number): string {
  return `b24phone-key-${port}`;
}

/**
 * What a client outside a browser (a script of the sandbox, a test) sends to open the bridge of
 * the host at `openUrl`, the address the host printed: its origin, and the key as the cookie.
 */
export function bridgeHandshake(openUrl: string): { origin: string; headers: Record<string, string> } {
  const url = new URL(openUrl);
  const key = url.searchParams.get(launchKeyParam);
  if (!key) throw new Error(`${openUrl} carries no launch key: use the address the web host printed`);
  return {
    origin: url.origin,
    headers: { origin: url.origin, cookie: `${launchKeyCookie(url.port)}=${key}` },
  };
}
