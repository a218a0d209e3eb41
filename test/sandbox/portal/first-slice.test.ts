import { afterEach, describe, expect, it } from 'vitest';
import type { TestPortal } from './support/portal';
import { testPortal } from './support/portal';

let portal: TestPortal;
afterEach(async () => {
  await portal.app.close();
});

describe('first slice: tokens, register, finish, observation', () => {
  it('issues the fields of an /oauth/token/ answer for the installed app', async () => {
    portal = testPortal();
    const tokens = await portal.tokens(2);
    expect(Object.keys(tokens).sort()).toEqual(
      [
        'access_token',
        'client_endpoint',
        'domain',
        'expires',
        'expires_in',
        'member_id',
        'refresh_token',
        'scope',
        'server_endpoint',
        'status',
        'user_id',
      ].sort(),
    );
    expect(tokens.client_endpoint).toBe('http://127.0.0.1:8099/rest/');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.expires).toBe(Math.floor(portal.clock.now() / 1000) + 3600);
    expect(tokens.user_id).toBe(2);
  });

  it('registers and finishes a call, and shows both through /_sandbox/calls', async () => {
    portal = testPortal();
    const { access_token } = await portal.tokens(2);
    const register = await portal.call(
      'telephony.externalCall.register',
      {
        USER_ID: 2,
        PHONE_NUMBER: '+7 916 123-45-67',
        TYPE: 2,
        LINE_NUMBER: '74950000000',
        EXTERNAL_CALL_ID: 'pbx-1',
      },
      access_token,
    );
    expect(register.status).toBe(200);
    const result = register.body.result as Record<string, unknown>;
    expect(result.CALL_ID).toMatch(/^externalCall\.[0-9a-f]{32}\.\d+$/);
    expect(result).toMatchObject({
      CRM_ENTITY_TYPE: 'CONTACT',
      CRM_ENTITY_ID: 1,
      CRM_CREATED_LEAD: null,
      CRM_CREATED_ENTITIES: [],
    });
    expect(register.body.time).toMatchObject({ operating_reset_at: expect.any(Number) as number });

    const finish = await portal.call(
      'telephony.externalCall.finish',
      { CALL_ID: result.CALL_ID, USER_ID: 2, DURATION: 95 },
      access_token,
    );
    expect(finish.status).toBe(200);
    expect(finish.body.result).toMatchObject({
      CALL_FAILED_CODE: '200',
      CALL_STATUS: 1,
      CALL_DURATION: 95,
      PORTAL_USER_ID: 2,
    });

    const { calls } = await portal.sandbox<{ calls: Record<string, unknown>[] }>('/_sandbox/calls');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      CALL_ID: result.CALL_ID,
      register: { USER_ID: '2', PHONE_NUMBER: '+7 916 123-45-67', TYPE: '2', EXTERNAL_CALL_ID: 'pbx-1' },
      finish: { DURATION: '95' },
      statistics: finish.body.result,
      cardsShownTo: [],
    });
  });
});

describe('first slice: refresh', () => {
  it('rotates the refresh token on a refresh_token grant; the old one then gives invalid_grant', async () => {
    portal = testPortal();
    const first = await portal.tokens(3);
    const form = (refreshToken: string) =>
      new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: portal.app.portal.mainApp.clientId,
        client_secret: portal.app.portal.mainApp.clientSecret,
        refresh_token: refreshToken,
      }).toString();
    const refreshed = await portal.app.inject({
      method: 'POST',
      url: '/oauth/token/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(first.refresh_token),
    });
    expect(refreshed.statusCode).toBe(200);
    const second = refreshed.json<{ refresh_token: string; access_token: string; user_id: number }>();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.user_id).toBe(3);
    const again = await portal.app.inject({
      method: 'POST',
      url: '/oauth/token/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(first.refresh_token),
    });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid grant' });
  });
});
