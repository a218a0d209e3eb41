import type { ParamMap } from '../state/model';
import type { Portal } from '../state/portal';
import { phpString } from '../transport/php-params';
import type { TokenResponse } from './tokens';
import { issueTokenPair, tokenResponse } from './tokens';

export interface OAuthError {
  error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'invalid_scope' | 'PAYMENT_REQUIRED';
  error_description: string;
}

const describe: Record<OAuthError['error'], string> = {
  invalid_request: 'Invalid request',
  invalid_client: 'Invalid client',
  invalid_grant: 'Invalid grant',
  invalid_scope: 'Invalid scope',
  PAYMENT_REQUIRED: 'Payment required',
};

function fail(error: OAuthError['error']): OAuthError {
  return { error, error_description: describe[error] };
}

/**
 * The OAuth server's token endpoint (oauth.bitrix.info/oauth/token/): `authorization_code` and
 * `refresh_token` grants. A refresh rotates the refresh token: the old one then gives invalid_grant.
 */
export function exchangeToken(portal: Portal, params: ParamMap): TokenResponse | OAuthError {
  const grantType = phpString(params.grant_type);
  const clientId = phpString(params.client_id);
  const clientSecret = phpString(params.client_secret);
  if (!grantType || !clientId || !clientSecret) return fail('invalid_request');
  if (grantType !== 'refresh_token' && grantType !== 'authorization_code') return fail('invalid_request');
  const app = portal.app(clientId);
  if (!app || app.clientSecret !== clientSecret || !app.installed) return fail('invalid_client');
  const now = portal.now();

  if (grantType === 'refresh_token') {
    const value = phpString(params.refresh_token);
    if (!value) return fail('invalid_request');
    const refresh = portal.data.refreshTokens.find((token) => token.token === value);
    if (!refresh || refresh.appClientId !== app.clientId || refresh.revoked || refresh.usedAt !== null) {
      return fail('invalid_grant');
    }
    if (now >= refresh.expiresAt || !portal.activeUser(refresh.userId)) return fail('invalid_grant');
    refresh.usedAt = now;
    if (portal.config.ambiguities.refreshRevokesOldAccessToken) {
      for (const access of portal.data.accessTokens)
        if (access.refreshToken === refresh.token) access.revoked = true;
    }
    const pair = issueTokenPair(portal, app, refresh.userId);
    return tokenResponse(portal, app, pair.access, pair.refresh);
  }

  const codeValue = phpString(params.code);
  if (!codeValue) return fail('invalid_request');
  const code = portal.data.authCodes.find((candidate) => candidate.code === codeValue);
  if (!code || code.appClientId !== app.clientId || code.used || now >= code.expiresAt)
    return fail('invalid_grant');
  code.used = true;
  if (!portal.activeUser(code.userId)) return fail('invalid_grant');
  const pair = issueTokenPair(portal, app, code.userId);
  return tokenResponse(portal, app, pair.access, pair.refresh);
}
