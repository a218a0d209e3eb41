import { afterEach, describe, expect, it } from 'vitest';
import { seedIds } from '../../../../sandbox/portal/state/seed';
import type { TestPortal } from '../support/portal';
import { testPortal } from '../support/portal';

let portal: TestPortal;
afterEach(async () => {
  await portal.app.close();
});

const client = { client_id: seedIds.clientId, client_secret: seedIds.clientSecret };

async function tokenRequest(params: Record<string, string>, how: 'get' | 'post' = 'post', prefix = '') {
  const query = new URLSearchParams(params).toString();
  return how === 'get'
    ? portal.request({ method: 'GET', url: `${prefix}/oauth/token/?${query}` })
    : portal.request({
        method: 'POST',
        url: `${prefix}/oauth/token/`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: query,
      });
}

async function authorize(userId: number, state = 'st4te'): Promise<URL> {
  const url = `/oauth/authorize/?client_id=${seedIds.clientId}&state=${state}`;
  const page = await portal.app.inject({ method: 'GET', url });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain(`name="user_id" value="${userId}"`);
  const picked = await portal.app.inject({
    method: 'POST',
    url: '/oauth/authorize/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `client_id=${seedIds.clientId}&state=${state}&user_id=${userId}`,
  });
  expect(picked.statusCode).toBe(302);
  return new URL(String(picked.headers.location));
}

describe('OAuth', () => {
  it('sends the user back to the configured handler with code, state, domain, member_id, scope and server_domain', async () => {
    portal = testPortal();
    await portal.post('/_sandbox/install', { redirect_uri: 'https://relay.example/oauth/callback?x=1' });
    const back = await authorize(3);
    expect(back.origin + back.pathname).toBe('https://relay.example/oauth/callback');
    expect(Object.fromEntries(back.searchParams)).toEqual({
      x: '1',
      code: expect.any(String) as string,
      state: 'st4te',
      domain: '127.0.0.1:8099',
      member_id: seedIds.memberId,
      scope: 'telephony,crm,user',
      server_domain: '127.0.0.1:8099',
    });
    expect(back.search).toContain('scope=telephony%2Ccrm%2Cuser');
    const exchanged = await tokenRequest(
      { grant_type: 'authorization_code', ...client, code: back.searchParams.get('code') ?? '' },
      'get',
    );
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({
      user_id: 3,
      expires_in: 3600,
      status: 'L',
      member_id: seedIds.memberId,
    });
    const again = await tokenRequest({
      grant_type: 'authorization_code',
      ...client,
      code: back.searchParams.get('code') ?? '',
    });
    expect(again).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid grant' },
    });
  });

  it('skips the picker for a signed-in user and lets the code live 30 seconds', async () => {
    portal = testPortal();
    await portal.post('/_sandbox/install', { redirect_uri: 'https://relay.example/cb' });
    const first = await portal.app.inject({
      method: 'POST',
      url: '/oauth/authorize/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `client_id=${seedIds.clientId}&user_id=2`,
    });
    const cookie = String(first.headers['set-cookie']).split(';')[0] ?? '';
    const direct = await portal.app.inject({
      method: 'GET',
      url: `/oauth/authorize/?client_id=${seedIds.clientId}&state=s`,
      headers: { cookie },
    });
    expect(direct.statusCode).toBe(302);
    const code = new URL(String(direct.headers.location)).searchParams.get('code') ?? '';
    portal.clock.advance(30_000);
    expect((await tokenRequest({ grant_type: 'authorization_code', ...client, code })).body.error).toBe(
      'invalid_grant',
    );
  });

  it('shows an error page, not a redirect, for an unknown client_id', async () => {
    portal = testPortal();
    const reply = await portal.app.inject({ method: 'GET', url: '/oauth/authorize/?client_id=local.nope' });
    expect(reply.statusCode).toBe(400);
    expect(reply.headers.location).toBeUndefined();
  });

  it('refreshes by GET and form POST, at /oauth/token/ and where server_endpoint points, rotating every time', async () => {
    portal = testPortal();
    const first = await portal.tokens(2);
    let refresh = first.refresh_token;
    const serverEndpoint = first.server_endpoint;
    const derived = new URL(serverEndpoint.replace(/\/rest\/$/, '')).pathname;
    for (const [how, prefix] of [
      ['get', ''],
      ['post', ''],
      ['post', derived],
    ] as const) {
      const reply = await tokenRequest(
        { grant_type: 'refresh_token', ...client, refresh_token: refresh },
        how,
        prefix,
      );
      expect(reply.status, `${how} ${prefix}`).toBe(200);
      const body = reply.body as unknown as {
        refresh_token: string;
        access_token: string;
        user_id: number;
        scope: string;
      };
      expect(body.refresh_token).not.toBe(refresh);
      expect(body).toMatchObject({ user_id: 2, scope: 'telephony,crm,user' });
      expect(
        (await tokenRequest({ grant_type: 'refresh_token', ...client, refresh_token: refresh })).body.error,
      ).toBe('invalid_grant');
      refresh = body.refresh_token;
    }
    expect((await portal.request({ method: 'POST', url: '/oauth/token' })).status).toBe(301);
  });

  it('answers invalid_request, invalid_client and invalid_grant', async () => {
    portal = testPortal();
    const { refresh_token: refresh } = await portal.tokens(2);
    expect(
      (await tokenRequest({ grant_type: 'refresh_token', client_id: seedIds.clientId })).body.error,
    ).toBe('invalid_request');
    expect(
      (
        await tokenRequest({
          grant_type: 'refresh_token',
          ...client,
          client_secret: 'x',
          refresh_token: refresh,
        })
      ).body.error,
    ).toBe('invalid_client');
    expect(
      (await tokenRequest({ grant_type: 'refresh_token', ...client, refresh_token: 'nope' })).body.error,
    ).toBe('invalid_grant');
    portal.clock.advance(181 * 24 * 3600 * 1000);
    expect(
      (await tokenRequest({ grant_type: 'refresh_token', ...client, refresh_token: refresh })).body.error,
    ).toBe('invalid_grant');
  });

  it('expires access tokens after the configured lifetime, and keeps the old access token alive after a refresh when configured', async () => {
    portal = testPortal({ accessTokenLifetimeSec: 60, ambiguities: { refreshRevokesOldAccessToken: false } });
    const first = await portal.tokens(2);
    expect(first.expires_in).toBe(60);
    const refreshed = await tokenRequest({
      grant_type: 'refresh_token',
      ...client,
      refresh_token: first.refresh_token,
    });
    expect((await portal.call('scope', {}, first.access_token)).status).toBe(200);
    portal.clock.advance(60_000);
    expect((await portal.call('scope', {}, first.access_token)).body.error).toBe('expired_token');
    expect((await portal.call('scope', {}, String(refreshed.body.access_token))).body.error).toBe(
      'expired_token',
    );
  });

  it('revokes the old access token on refresh by default (the stricter choice)', async () => {
    portal = testPortal();
    const first = await portal.tokens(2);
    const other = await portal.tokens(2);
    const refreshed = await tokenRequest({
      grant_type: 'refresh_token',
      ...client,
      refresh_token: first.refresh_token,
    });
    expect(await portal.call('scope', {}, first.access_token)).toEqual({
      status: 401,
      body: { error: 'invalid_token', error_description: 'The access token provided is invalid.' },
    });
    expect((await portal.call('scope', {}, String(refreshed.body.access_token))).status).toBe(200);
    expect((await portal.call('scope', {}, other.access_token)).status).toBe(200);
  });

  it('answers OAuth errors with HTTP 200 when configured (the error is in the body either way)', async () => {
    portal = testPortal({ ambiguities: { oauthErrorStatus: 200 } });
    expect(await tokenRequest({ grant_type: 'refresh_token', ...client, refresh_token: 'nope' })).toEqual({
      status: 200,
      body: { error: 'invalid_grant', error_description: 'Invalid grant' },
    });
  });
});
