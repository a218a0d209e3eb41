/**
 * Which hosts the relay talks to with the client secret and the portals' tokens. The client secret
 * goes only to a configured OAuth server; portal REST calls go only over https unless the operator
 * allowed plain http for the local emulator.
 */
export class EndpointPolicy {
  readonly #oauthServers: Map<string, string>;

  constructor(
    oauthServers: string[],
    private readonly allowInsecureHttp: boolean,
  ) {
    this.#oauthServers = new Map(oauthServers.map((url) => [normaliseEndpoint(url), url]));
  }

  /** The configured OAuth server `serverEndpoint` names (as configured), or null when it is none of them. */
  oauthServer(serverEndpoint: string): string | null {
    return this.#oauthServers.get(normaliseEndpoint(serverEndpoint)) ?? null;
  }

  /** Why the relay will not call a portal at `clientEndpoint`, or null when it may. */
  refusePortal(clientEndpoint: string): string | null {
    const client = new URL(clientEndpoint);
    if (client.protocol !== 'https:' && !(this.allowInsecureHttp && client.protocol === 'http:')) {
      return `client_endpoint ${clientEndpoint} is not https`;
    }
    if (client.username || client.password) return 'client_endpoint carries credentials';
    return null;
  }
}

/** Scheme, host and path with one trailing slash: how endpoints are compared. */
export function normaliseEndpoint(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/?$/, '/')}`;
}
