import type { Logger } from 'pino';
import { normaliseEndpoint, type EndpointPolicy } from '../sessions/oauth-servers';
import type { InstallEvent } from './events';
import { BitrixRestError, type OauthToken, type RestClient } from './rest-client';

export class InstallRefused extends Error {
  override readonly name = 'InstallRefused';
  constructor(
    readonly status: 400 | 401 | 403 | 409 | 502,
    message: string,
  ) {
    super(message);
  }
}

/** An installation the OAuth server vouched for: where the portal is and fresh tokens for it. */
export interface ProvenInstall {
  memberId: string;
  /** The portal's host, as the OAuth server's client_endpoint names it. */
  domain: string;
  /** From the OAuth server's answer: the only address the relay calls for this portal. */
  clientEndpoint: string;
  /** The configured OAuth server the proof came from. */
  serverEndpoint: string;
  token: OauthToken;
}

/**
 * Anyone can POST an ONAPPINSTALL, and a token that merely works proves nothing (every user may call
 * `telephony.externalLine.get`, and every agent holds an access token). What only a real install
 * carries is a refresh token issued to this application: agents never hold one, and only the client
 * secret redeems it. So the proof is: redeem it at a configured OAuth server (the event's
 * `server_endpoint` chooses among them, never adds one); the answer - not the event - says which
 * portal it belongs to, and the event must agree with it on member_id, client_endpoint and domain
 * (the answer's own `domain` is the OAuth server's, so the event's is checked against the host of
 * the answered client_endpoint); the installing user must be an administrator (`user.admin`).
 * Nothing is called at an address the event names.
 */
export async function proveInstall(
  event: InstallEvent,
  deps: {
    rest: RestClient;
    policy: EndpointPolicy;
    client: { clientId: string; clientSecret: string };
    log: Logger;
  },
): Promise<ProvenInstall> {
  const { auth } = event;
  const serverEndpoint = deps.policy.oauthServer(auth.server_endpoint);
  if (!serverEndpoint) {
    throw new InstallRefused(403, `server_endpoint ${auth.server_endpoint} is not a configured OAuth server`);
  }
  const portalRefusal = deps.policy.refusePortal(auth.client_endpoint);
  if (portalRefusal) throw new InstallRefused(403, portalRefusal);
  let token: OauthToken;
  try {
    token = await deps.rest.token(
      serverEndpoint,
      { grant_type: 'refresh_token', refresh_token: auth.refresh_token },
      deps.client,
    );
  } catch (error) {
    deps.log.warn({ err: error, memberId: auth.member_id }, 'install: refresh token exchange failed');
    if (error instanceof BitrixRestError && oauthRefusal(error)) {
      throw new InstallRefused(401, "The OAuth server did not accept the installation's refresh token");
    }
    throw new InstallRefused(502, 'The OAuth server could not check the installation; try again later');
  }
  const mismatch = disagreement(auth, token, deps.policy);
  if (mismatch) {
    deps.log.warn({ memberId: auth.member_id, mismatch }, 'install: event disagrees with the OAuth server');
    throw new InstallRefused(401, `The installation does not match what the OAuth server says: ${mismatch}`);
  }
  const clientEndpoint = token.client_endpoint;
  let admin: unknown;
  try {
    admin = await deps.rest.call<unknown>(clientEndpoint, token.access_token, 'user.admin');
  } catch (error) {
    deps.log.warn({ err: error, memberId: auth.member_id }, 'install: user.admin failed');
    throw new InstallRefused(502, 'The portal could not say whether the installing user is an administrator');
  }
  if (admin !== true) {
    throw new InstallRefused(403, 'Only a Bitrix24 administrator can install the application');
  }
  return {
    memberId: token.member_id,
    domain: new URL(clientEndpoint).host,
    clientEndpoint,
    serverEndpoint,
    token,
  };
}

/** What the event and the OAuth server's answer disagree on (or what the relay will not call), or null. */
function disagreement(auth: InstallEvent['auth'], token: OauthToken, policy: EndpointPolicy): string | null {
  if (token.member_id !== auth.member_id) return 'member_id';
  if (!policy.oauthServer(token.server_endpoint)) return 'server_endpoint';
  if (policy.refusePortal(token.client_endpoint)) return 'client_endpoint';
  if (normaliseEndpoint(token.client_endpoint) !== normaliseEndpoint(auth.client_endpoint)) {
    return 'client_endpoint';
  }
  if (new URL(token.client_endpoint).host.toLowerCase() !== auth.domain.toLowerCase()) return 'domain';
  return null;
}

/** The OAuth server said no (with 400 or, undocumented but seen, 200), rather than failing. */
function oauthRefusal(error: BitrixRestError): boolean {
  return (
    (error.status >= 400 && error.status < 500) ||
    ['invalid_grant', 'invalid_client', 'invalid_request'].includes(error.code)
  );
}
