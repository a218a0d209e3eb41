/**
 * Which hosts the relay talks to with the client secret and the portals' tokens. The client secret
 * goes only to a configured OAuth server; portal REST calls go only over https unless the operator
 * allowed plain http for the local emulator.
 */
export class EndpointPolicy {
  readonly #oauthServers: Set<string>;

  constructor(
    oauthServers: string[],
    private readonly allowInsecureHttp: boolean,
  ) {
    this.#oauthServers = new Set(oauthServers.map(normalise));
  }

  /** Why the install's endpoints are refused, or null when they are acceptable. */
  refuse(endpoints: { clientEndpoint: string; serverEndpoint: string }): string | null {
    if (!this.#oauthServers.has(normalise(endpoints.serverEndpoint))) {
      return `server_endpoint ${endpoints.serverEndpoint} is not a configured OAuth server`;
    }
    const client = new URL(endpoints.clientEndpoint);
    if (client.protocol !== 'https:' && !(this.allowInsecureHttp && client.protocol === 'http:')) {
      return `client_endpoint ${endpoints.clientEndpoint} is not https`;
    }
    if (client.username || client.password) return 'client_endpoint carries credentials';
    return null;
  }
}

function normalise(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/?$/, '/')}`;
}
