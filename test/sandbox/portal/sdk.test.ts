import type { AuthData, B24OAuthParams } from '@bitrix24/b24jssdk';
import type { AjaxResult } from '@bitrix24/b24jssdk';
import { AjaxError, B24OAuth } from '@bitrix24/b24jssdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../sandbox/portal/clock';
import type { ConfigPatch } from '../../../sandbox/portal/config';
import type { TokenResponse } from '../../../sandbox/portal/oauth/tokens';
import type { PortalServer } from '../../../sandbox/portal/server';
import { build, listen } from '../../../sandbox/portal/server';
import type { RequestLogEntry } from '../../../sandbox/portal/state/model';
import { seedIds } from '../../../sandbox/portal/state/seed';

/**
 * The official SDK, unchanged, against the emulator over real HTTP: it must call, batch, parse the
 * envelope and refresh its token on expired_token by itself.
 */
let app: PortalServer;
let origin: string;
let clock: ManualClock;

async function start(config: ConfigPatch = {}) {
  clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000);
  app = build({ clock, config });
  origin = await listen(app, 0);
}

beforeEach(async () => {
  await start();
});
afterEach(async () => {
  await app.close();
});

async function sandbox<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${origin}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as T;
}

async function sdkFor(
  userId: number,
  restrictionParams = {},
): Promise<{ b24: B24OAuth; refreshed: AuthData[] }> {
  const tokens = await sandbox<TokenResponse>('/_sandbox/tokens', { user_id: userId });
  const params: B24OAuthParams = {
    applicationToken: seedIds.applicationToken,
    userId: tokens.user_id,
    memberId: tokens.member_id,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expires: tokens.expires,
    expiresIn: tokens.expires_in,
    scope: tokens.scope,
    domain: new URL(tokens.client_endpoint).host,
    clientEndpoint: tokens.client_endpoint,
    serverEndpoint: tokens.server_endpoint,
    status: tokens.status as B24OAuthParams['status'],
  };
  const b24 = new B24OAuth(
    params,
    { clientId: seedIds.clientId, clientSecret: seedIds.clientSecret },
    { restrictionParams: { retryDelay: 20, ...restrictionParams } },
  );
  const refreshed: AuthData[] = [];
  b24.setCallbackRefreshAuth(({ authData }) => {
    refreshed.push(authData);
    return Promise.resolve();
  });
  return { b24, refreshed };
}

async function requests(method?: string): Promise<RequestLogEntry[]> {
  return (
    await sandbox<{ requests: RequestLogEntry[] }>(`/_sandbox/requests${method ? `?method=${method}` : ''}`)
  ).requests;
}

describe('@bitrix24/b24jssdk B24OAuth against the emulator', () => {
  it('registers and finishes a call through actions.v2.call.make', async () => {
    const { b24 } = await sdkFor(2);
    const register = await b24.actions.v2.call.make<{ CALL_ID: string; CRM_ENTITY_TYPE: string }>({
      method: 'telephony.externalCall.register',
      params: {
        USER_ID: 2,
        PHONE_NUMBER: '+79161234567',
        TYPE: 2,
        EXTERNAL_CALL_ID: 'sdk-1',
        LINE_NUMBER: '1',
      },
      requestId: 'r1',
    });
    expect(register.isSuccess).toBe(true);
    const callId = register.getData()?.result.CALL_ID ?? '';
    expect(register.getData()?.result.CRM_ENTITY_TYPE).toBe('CONTACT');
    const finish = await b24.actions.v2.call.make<{ CALL_FAILED_CODE: string }>({
      method: 'telephony.externalCall.finish',
      params: { CALL_ID: callId, USER_ID: 2, DURATION: 12 },
      requestId: 'r2',
    });
    expect(finish.getData()?.result.CALL_FAILED_CODE).toBe('200');
    const [logged] = await requests('telephony.externalCall.register');
    expect(logged?.path).toBe('/rest//telephony.externalCall.register');
    expect(logged?.params.bx24_sdk_type).toBe('b24-js-sdk');
  });

  it('runs a batch through actions.v2.batch.make', async () => {
    const { b24 } = await sdkFor(1);
    const response = await b24.actions.v2.batch.make({
      calls: {
        me: { method: 'user.current', params: {} },
        agents: { method: 'user.get', params: { FILTER: { '!UF_PHONE_INNER': null, ACTIVE: true } } },
      },
      options: { isHaltOnError: true, returnAjaxResult: true, requestId: 'b1' },
    });
    expect(response.isSuccess).toBe(true);
    const results = response.getData() as Record<string, AjaxResult<Record<string, unknown>[]>>;
    expect(results.me?.getData()?.result).toMatchObject({ ID: '1' });
    expect(results.agents?.getData()?.result.map((user) => user.UF_PHONE_INNER)).toEqual([
      '101',
      '102',
      '103',
      '110',
    ]);
  });

  it('pages through every user with actions.v2.callList.make (start=-1 and a >ID cursor)', async () => {
    const { b24 } = await sdkFor(1);
    const response = await b24.actions.v2.callList.make<{ ID: string; UF_PHONE_INNER: string | null }>({
      method: 'user.get',
      params: { filter: { ACTIVE: true } },
      idKey: 'ID',
      requestId: 'l1',
    });
    const users = response.getData() ?? [];
    expect(users).toHaveLength(57);
    expect(users.map((user) => user.UF_PHONE_INNER).filter(Boolean)).toEqual(['101', '102', '103', '110']);
    const pages = await requests('user.get');
    expect(pages.map((entry) => (entry.params.filter as Record<string, number>)['>ID'])).toEqual([0, 51]);
  });

  it('refreshes by itself on expired_token (access tokens expired by the fault) and reports the new pair', async () => {
    const { b24, refreshed } = await sdkFor(2);
    await sandbox('/_sandbox/faults', { expireAllTokens: true });
    const reply = await b24.actions.v2.call.make({ method: 'user.current', params: {}, requestId: 'x' });
    expect(reply.isSuccess).toBe(true);
    expect(refreshed).toHaveLength(1);
    const log = await requests();
    expect(log.map((entry) => [entry.method, entry.status, entry.error])).toEqual([
      ['user.current', 401, 'expired_token'],
      ['oauth/token', 200, null],
      ['user.current', 200, null],
    ]);
    expect(log[1]?.path).toBe('/oauth-server/oauth/token/');
  });

  it('refreshes again with the rotated refresh token, and the old access token no longer works', async () => {
    const { b24, refreshed } = await sdkFor(2);
    for (const requestId of ['a', 'b']) {
      await sandbox('/_sandbox/faults', { expireAllTokens: true });
      const reply = await b24.actions.v2.call.make({ method: 'user.current', params: {}, requestId });
      expect(reply.isSuccess).toBe(true);
    }
    expect(refreshed).toHaveLength(2);
    expect(refreshed[0]?.refresh_token).not.toBe(refreshed[1]?.refresh_token);
    const tokenCalls = await requests('oauth/token');
    expect(tokenCalls.map((entry) => [entry.status, entry.error])).toEqual([
      [200, null],
      [200, null],
    ]);
    const stale = await fetch(`${origin}/rest/scope?auth=${refreshed[0]?.access_token}`);
    expect(stale.status).toBe(401);
  });

  it('refreshes when the portal clock passes the token lifetime', async () => {
    const { b24, refreshed } = await sdkFor(3);
    clock.advance(3601_000);
    const reply = await b24.actions.v2.call.make({ method: 'scope', params: {}, requestId: 'y' });
    expect(reply.isSuccess).toBe(true);
    expect(refreshed[0]?.access_token).toEqual(expect.any(String));
  });

  it('fails the refresh when the refresh token was revoked: the application must sign the user in again', async () => {
    const { b24 } = await sdkFor(2);
    await sandbox('/_sandbox/faults', { expireAllTokens: true, revokeRefreshToken: { user_id: 2 } });
    const failure = await b24.actions.v2.call
      .make({ method: 'scope', params: {}, requestId: 'z' })
      .catch((error: unknown) => error);
    // The SDK wraps the refresh failure: the OAuth server's code is on the original error.
    expect(failure).toBeInstanceOf(AjaxError);
    expect((failure as AjaxError).message).toContain('Invalid grant');
    expect((failure as AjaxError).originalError).toMatchObject({ code: 'invalid_grant', status: 400 });
  });

  it('throws 4xx method errors as AjaxError, with the text when codes are not blanked', async () => {
    await app.close();
    await start({ ambiguities: { blankErrorCodes: 'none' } });
    const { b24 } = await sdkFor(2);
    const failure = await b24.actions.v2.call
      .make({
        method: 'telephony.externalCall.finish',
        params: { CALL_ID: 'externalCall.0.0', USER_ID: 2 },
        requestId: 'e',
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AjaxError);
    expect(failure).toMatchObject({ code: 'ERROR_CORE', status: 400 });
    expect((failure as AjaxError).message).toContain('Call is not found');
  });

  it('retries a 503 burst by itself (so a non-idempotent call can run twice: count attempts in /_sandbox/requests)', async () => {
    const { b24 } = await sdkFor(2);
    await sandbox('/_sandbox/faults', {
      status503: { count: 1 },
      methods: ['telephony.externalCall.register'],
    });
    const reply = await b24.actions.v2.call.make({
      method: 'telephony.externalCall.register',
      params: { USER_ID: 2, PHONE_NUMBER: '+79161234567', TYPE: 2, EXTERNAL_CALL_ID: 'sdk-503' },
      requestId: 'q',
    });
    expect(reply.isSuccess).toBe(true);
    const attempts = await requests('telephony.externalCall.register');
    expect(attempts.map((entry) => [entry.status, entry.fault])).toEqual([
      [503, 'status503'],
      [200, null],
    ]);
  });
});
