import type { Logger } from 'pino';
import { relayPaths, type SignInPollResult, type SignInStarted } from '../../common/relay/relay-api';
import { accessExpiry, BitrixRestError, type RestClient } from '../bitrix/rest-client';
import type { PairingStore, Portal, PortalStore, UserGrant } from '../stores/stores';
import type { AgentSessions } from './agent-sessions';
import { randomInt } from 'node:crypto';
import { constantTimeEqual, hashSecret, randomId, randomSecret } from './secrets';
import { accessTokenOf } from './token-broker';

export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly code: 'unknown-portal' | 'ambiguous-portal' | 'unknown-pairing',
    message: string,
  ) {
    super(message);
  }
}

/**
 * "Sign in with Bitrix24", device-flow style: the app starts a pairing and opens the relay's
 * confirmation page in the system browser; it shows the pairing's code (the app shows the same) and
 * leads on to the portal's authorize page with a `state` bound to that pairing; the portal redirects
 * the agent's browser to the relay's OAuth handler, the relay exchanges the code with the client
 * secret and keeps the grant; the app, polling with a secret only it holds, then receives a relay
 * session and a short-lived access token - never the refresh token or the client secret.
 *
 * The session token is generated when the app collects it, so it is never stored in clear, not
 * even between the browser's redirect and the app's next poll.
 */
export class SignIn {
  constructor(
    private readonly deps: {
      portals: PortalStore;
      pairings: PairingStore;
      sessions: AgentSessions;
      rest: RestClient;
      client: { clientId: string; clientSecret: string };
      timeoutMs: number;
      /** The relay's public origin: the confirmation page the app opens is there. */
      publicUrl: () => string;
      log: Logger;
      now?: () => number;
    },
  ) {}

  #now(): number {
    return (this.deps.now ?? Date.now)();
  }

  async start(portalHint: string | undefined, deviceName?: string): Promise<SignInStarted> {
    const portal = await this.#portalFor(portalHint);
    const pollToken = randomSecret();
    const now = this.#now();
    const pairing = {
      id: randomId('pair'),
      pollTokenHash: hashSecret(pollToken),
      // No state is valid until the agent continues from the confirmation page.
      stateHash: hashSecret(randomSecret()),
      memberId: portal.memberId,
      userCode: userCode(),
      ...(deviceName ? { deviceName } : {}),
      createdAt: now,
      expiresAt: now + this.deps.timeoutMs,
      status: 'pending' as const,
    };
    await this.deps.pairings.create(pairing);
    const confirmUrl = new URL(relayPaths.signInConfirm, this.deps.publicUrl());
    confirmUrl.searchParams.set('pairing', pairing.id);
    return {
      pairingId: pairing.id,
      pollToken,
      authorizeUrl: confirmUrl.toString(),
      userCode: pairing.userCode,
      expiresAt: pairing.expiresAt,
    };
  }

  /** What the confirmation page shows, or null for an unknown, used or expired pairing. */
  async pending(
    pairingId: string,
  ): Promise<{ userCode: string; deviceName?: string; domain: string; createdAt: number } | null> {
    const pairing = await this.deps.pairings.get(pairingId);
    if (!pairing || pairing.status !== 'pending' || pairing.confirmedAt !== undefined) return null;
    if (pairing.expiresAt <= this.#now()) return null;
    const portal = await this.deps.portals.get(pairing.memberId);
    if (!portal) return null;
    return {
      userCode: pairing.userCode,
      ...(pairing.deviceName ? { deviceName: pairing.deviceName } : {}),
      domain: portal.domain,
      createdAt: pairing.createdAt,
    };
  }

  /** The agent continues to the portal: the pairing gets its OAuth state (once); null if it cannot. */
  async confirm(pairingId: string): Promise<string | null> {
    if (!(await this.pending(pairingId))) return null;
    const pairing = await this.deps.pairings.get(pairingId);
    const portal = pairing && (await this.deps.portals.get(pairing.memberId));
    if (!pairing || !portal) return null;
    const state = randomSecret();
    if (!(await this.deps.pairings.confirm(pairing.id, hashSecret(state), this.#now()))) return null;
    const authorizeUrl = new URL('/oauth/authorize/', new URL(portal.clientEndpoint).origin);
    authorizeUrl.searchParams.set('client_id', this.deps.client.clientId);
    authorizeUrl.searchParams.set('state', state);
    return authorizeUrl.toString();
  }

  /**
   * The portal's redirect (`code`, `state`, `member_id`...). Returns what to tell the person in the
   * browser. The code is exchanged at the OAuth server stored at install, never at one the query
   * names.
   */
  async complete(query: {
    code?: string | undefined;
    state?: string | undefined;
    member_id?: string | undefined;
  }): Promise<{ ok: true; userId: number; domain: string } | { ok: false; message: string }> {
    if (!query.state || !query.code) return { ok: false, message: 'The sign-in link is incomplete.' };
    const pairing = await this.deps.pairings.findByStateHash(hashSecret(query.state));
    if (
      !pairing ||
      pairing.status !== 'pending' ||
      pairing.confirmedAt === undefined ||
      pairing.expiresAt <= this.#now()
    ) {
      return {
        ok: false,
        message: 'This sign-in has expired or was already used. Start again from b24phone.',
      };
    }
    const fail = async (message: string) => {
      await this.deps.pairings.settle(pairing.id, { failure: message });
      return { ok: false as const, message };
    };
    if (query.member_id && query.member_id !== pairing.memberId) {
      return fail('You signed in to a different Bitrix24 than b24phone asked for.');
    }
    const portal = await this.deps.portals.get(pairing.memberId);
    if (!portal) return fail('The application is no longer installed in this Bitrix24.');
    let grant: UserGrant;
    try {
      const token = await this.deps.rest.token(
        portal.serverEndpoint,
        { grant_type: 'authorization_code', code: query.code },
        this.deps.client,
      );
      if (token.member_id !== pairing.memberId)
        return fail('The sign-in came back for a different Bitrix24.');
      if (token.user_id === undefined) return fail('Bitrix24 did not say which user signed in.');
      grant = {
        memberId: token.member_id,
        userId: token.user_id,
        accessToken: token.access_token,
        refreshToken: token.refresh_token,
        accessExpiresAt: accessExpiry(token, this.#now()),
        clientEndpoint: token.client_endpoint,
        serverEndpoint: portal.serverEndpoint,
        domain: token.domain || portal.domain,
        scope: token.scope,
        status: token.status,
      };
    } catch (error) {
      this.deps.log.warn({ err: error, pairingId: pairing.id }, 'sign-in code exchange failed');
      const detail = error instanceof BitrixRestError ? ` (${error.publicReason})` : '';
      return fail(`Bitrix24 refused the sign-in${detail}. Start again from b24phone.`);
    }
    if (!(await this.deps.pairings.settle(pairing.id, { grant }))) {
      return { ok: false, message: 'This sign-in was already used.' };
    }
    return { ok: true, userId: grant.userId, domain: grant.domain };
  }

  async poll(pairingId: string, pollToken: string): Promise<SignInPollResult> {
    const pairing = await this.deps.pairings.get(pairingId);
    // The same answer for an unknown pairing and a wrong poll token: nothing to probe.
    if (!pairing || !constantTimeEqual(pairing.pollTokenHash, hashSecret(pollToken))) {
      throw new SignInError('unknown-pairing', 'No such sign-in');
    }
    if (pairing.status === 'pending') {
      if (pairing.expiresAt > this.#now()) return { state: 'pending' };
      await this.deps.pairings.take(pairing.id);
      return { state: 'failed', message: 'The sign-in was not completed in time' };
    }
    if (!(await this.deps.pairings.take(pairing.id)))
      throw new SignInError('unknown-pairing', 'No such sign-in');
    if (pairing.status === 'failed' || !pairing.grant) {
      return { state: 'failed', message: pairing.failure ?? 'The sign-in failed' };
    }
    const { token, session } = await this.deps.sessions.create(pairing.grant);
    return {
      state: 'signed-in',
      session: token,
      sessionExpiresAt: session.expiresAt,
      memberId: session.grant.memberId,
      userId: session.grant.userId,
      portal: session.grant.domain,
      token: accessTokenOf(session.grant),
    };
  }

  async #portalFor(hint: string | undefined): Promise<Portal> {
    if (hint) {
      const host = hostOf(hint);
      const portal =
        (await this.deps.portals.get(hint)) ?? (host ? await this.deps.portals.findByDomain(host) : null);
      if (!portal) throw new SignInError('unknown-portal', `The application is not installed in ${hint}`);
      return portal;
    }
    const portals = await this.deps.portals.list();
    if (portals.length === 1) return portals[0] as Portal;
    if (portals.length === 0)
      throw new SignInError('unknown-portal', 'The application is not installed in any Bitrix24 yet');
    throw new SignInError('ambiguous-portal', 'This relay serves several portals: say which one');
  }
}

function hostOf(hint: string): string | null {
  const candidate = /^[a-z]+:\/\//i.test(hint) ? hint : `https://${hint}`;
  return URL.canParse(candidate) ? new URL(candidate).host : null;
}

/** Eight digits in two groups: easy to compare between the app and the browser. */
function userCode(): string {
  const digits = String(randomInt(0, 100_000_000)).padStart(8, '0');
  return `${digits.slice(0, 4)}-${digits.slice(4)}`;
}
