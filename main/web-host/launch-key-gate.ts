import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { launchKeyCookie, launchKeyParam } from '../../common/host-api/launch-key';

/**
 * This launch's key (common/host-api/launch-key.ts) and the checks for it: in the address the
 * host printed (`?key=`), or in the cookie the page got with it. The cookie is named after the
 * port the request came in on.
 */
export class LaunchKeyGate {
  readonly #key = randomBytes(32).toString('base64url');

  /** The address to open in the agent's browser. */
  openUrl(origin: string): string {
    return `${origin}/?${launchKeyParam}=${this.#key}`;
  }

  /** The header that hands the key to the page: script cannot read it, other sites cannot send it. */
  setCookie(request: IncomingMessage): string {
    return `${cookieNameOf(request)}=${this.#key}; Path=/; HttpOnly; SameSite=Strict`;
  }

  inUrl(request: IncomingMessage): boolean {
    const url = new URL(request.url ?? '/', 'http://host');
    return this.#matches(url.searchParams.get(launchKeyParam));
  }

  inCookie(request: IncomingMessage): boolean {
    const prefix = `${cookieNameOf(request)}=`;
    const pairs = (request.headers.cookie ?? '').split(';').map((pair) => pair.trim());
    return pairs.some((pair) => pair.startsWith(prefix) && this.#matches(pair.slice(prefix.length)));
  }

  #matches(candidate: string | null): boolean {
    if (candidate === null) return false;
    const given = Buffer.from(candidate);
    const expected = Buffer.from(this.#key);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

function cookieNameOf(request: IncomingMessage): string {
  return launchKeyCookie(request.socket.localPort ?? 0);
}
