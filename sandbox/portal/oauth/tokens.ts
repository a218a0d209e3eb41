import { randomToken } from '../ids';
import type { AccessToken, App, RefreshToken } from '../state/model';
import type { Portal } from '../state/portal';

/** The body of an `/oauth/token/` answer: every documented field. */
export interface TokenResponse {
  access_token: string;
  client_endpoint: string;
  domain: string;
  expires: number;
  expires_in: number;
  member_id: string;
  refresh_token: string;
  scope: string;
  server_endpoint: string;
  status: string;
  user_id: number;
}

export function issueTokenPair(
  portal: Portal,
  app: App,
  userId: number,
): { access: AccessToken; refresh: RefreshToken } {
  const now = portal.now();
  const refresh: RefreshToken = {
    token: randomToken(),
    appClientId: app.clientId,
    userId,
    issuedAt: now,
    expiresAt: now + portal.config.refreshTokenLifetimeSec * 1000,
    revoked: false,
    usedAt: null,
  };
  const access: AccessToken = {
    token: randomToken(),
    appClientId: app.clientId,
    userId,
    issuedAt: now,
    expiresAt: now + portal.config.accessTokenLifetimeSec * 1000,
    revoked: false,
    refreshToken: refresh.token,
  };
  portal.data.refreshTokens.push(refresh);
  portal.data.accessTokens.push(access);
  prune(portal);
  portal.changed();
  return { access, refresh };
}

/** An access token alone (event deliveries carry one without a refresh token). */
export function issueAccessToken(portal: Portal, app: App, userId: number): AccessToken {
  const now = portal.now();
  const access: AccessToken = {
    token: randomToken(),
    appClientId: app.clientId,
    userId,
    issuedAt: now,
    expiresAt: now + portal.config.accessTokenLifetimeSec * 1000,
    revoked: false,
    refreshToken: null,
  };
  portal.data.accessTokens.push(access);
  portal.changed();
  return access;
}

export function tokenResponse(
  portal: Portal,
  app: App,
  access: AccessToken,
  refresh: RefreshToken,
): TokenResponse {
  return {
    access_token: access.token,
    client_endpoint: portal.clientEndpoint,
    domain: new URL(portal.serverEndpoint).host,
    expires: Math.floor(access.expiresAt / 1000),
    expires_in: Math.round((access.expiresAt - access.issuedAt) / 1000),
    member_id: portal.data.memberId,
    refresh_token: refresh.token,
    scope: app.scope.join(','),
    server_endpoint: portal.serverEndpoint,
    status: app.status,
    user_id: access.userId,
  };
}

export type AccessCheck = { ok: true; token: AccessToken } | { ok: false; reason: 'invalid' | 'expired' };

export function checkAccessToken(portal: Portal, token: string): AccessCheck {
  const found = portal.data.accessTokens.find((candidate) => candidate.token === token);
  if (!found || found.revoked) return { ok: false, reason: 'invalid' };
  const app = portal.app(found.appClientId);
  if (!app?.installed) return { ok: false, reason: 'invalid' };
  if (portal.now() >= found.expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, token: found };
}

/** One-shot fault: every access token issued so far is now past its lifetime. */
export function expireAllAccessTokens(portal: Portal): number {
  const now = portal.now();
  let count = 0;
  for (const token of portal.data.accessTokens) {
    if (token.expiresAt > now) {
      token.expiresAt = now;
      count += 1;
    }
  }
  portal.changed();
  return count;
}

export function revokeRefreshTokens(portal: Portal, userId: number | null): number {
  let count = 0;
  for (const token of portal.data.refreshTokens) {
    if (!token.revoked && (userId === null || token.userId === userId)) {
      token.revoked = true;
      count += 1;
    }
  }
  portal.changed();
  return count;
}

/** Drops long-dead tokens so a long demo does not grow without bound. */
function prune(portal: Portal): void {
  const horizon = portal.now() - 24 * 3600 * 1000;
  portal.data.accessTokens = portal.data.accessTokens.filter((token) => token.expiresAt > horizon);
  portal.data.refreshTokens = portal.data.refreshTokens.filter(
    (token) => token.expiresAt > horizon && (token.usedAt === null || token.usedAt > horizon),
  );
  portal.data.authCodes = portal.data.authCodes.filter((code) => code.expiresAt > horizon);
}
