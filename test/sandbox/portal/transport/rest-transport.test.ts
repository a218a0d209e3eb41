import { afterEach, describe, expect, it } from 'vitest';
import { seedIds } from '../../../../sandbox/portal/state/seed';
import type { TestPortal } from '../support/portal';
import { testPortal } from '../support/portal';

let portal: TestPortal;
afterEach(async () => {
  await portal.app.close();
});

const timeKeys = [
  'date_finish',
  'date_start',
  'duration',
  'finish',
  'operating',
  'operating_reset_at',
  'processing',
  'start',
];

describe('REST transport', () => {
  it('answers the same through JSON, form, multipart, GET query, .json, // and any letter case', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const filter = { FILTER: { UF_PHONE_INNER: '102' } };
    const variants = [
      { method: 'POST' as const, url: '/rest/user.get', payload: { ...filter, auth: token } },
      {
        method: 'POST' as const,
        url: '/rest//USER.GET.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `FILTER%5BUF_PHONE_INNER%5D=102&auth=${token}`,
      },
      {
        method: 'POST' as const,
        url: '/rest/user.Get',
        headers: { 'content-type': 'multipart/form-data; boundary=XyZ' },
        payload: `--XyZ\r\nContent-Disposition: form-data; name="FILTER[UF_PHONE_INNER]"\r\n\r\n102\r\n--XyZ\r\nContent-Disposition: form-data; name="auth"\r\n\r\n${token}\r\n--XyZ--\r\n`,
      },
      { method: 'GET' as const, url: `/rest/user.get.json?auth=${token}&filter[UF_PHONE_INNER]=102` },
    ];
    for (const variant of variants) {
      const reply = await portal.request(variant);
      expect(reply.status, variant.url).toBe(200);
      expect(
        (reply.body.result as { ID: string }[]).map((user) => user.ID),
        variant.url,
      ).toEqual(['3']);
      expect(Object.keys(reply.body.time ?? {}).sort()).toEqual(timeKeys);
    }
  });

  it('merges query and body, the body winning, and accepts auth in either', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const reply = await portal.request({
      method: 'POST',
      url: `/rest/user.get?auth=${token}&FILTER[UF_PHONE_INNER]=101`,
      payload: { FILTER: { UF_PHONE_INNER: '103' } },
    });
    expect((reply.body.result as { ID: string }[]).map((user) => user.ID)).toEqual(['4']);
  });

  it('pages lists by 50 with total and next, and ignores the SDK telemetry parameters', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(1);
    const first = await portal.request({
      method: 'GET',
      url: `/rest/user.get?auth=${token}&bx24_request_id=abc&bx24_sdk_ver=2.2.0`,
    });
    expect(first.body).toMatchObject({ total: 58, next: 50 });
    expect(first.body.result).toHaveLength(50);
    const second = await portal.request({ method: 'GET', url: `/rest/user.get?auth=${token}&start=50` });
    expect(second.body.next).toBeUndefined();
    expect(
      (second.body.result as { UF_PHONE_INNER: string | null }[]).map((user) => user.UF_PHONE_INNER),
    ).toContain('110');
  });

  it('refuses missing, unknown and expired tokens with the documented codes and 401', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    expect(await portal.request({ method: 'GET', url: '/rest/user.current' })).toEqual({
      status: 401,
      body: { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' },
    });
    expect(await portal.request({ method: 'GET', url: '/rest/user.current?auth=nope' })).toEqual({
      status: 401,
      body: { error: 'invalid_token', error_description: 'The access token provided is invalid.' },
    });
    portal.clock.advance(3599_000);
    expect((await portal.request({ method: 'GET', url: `/rest/user.current?auth=${token}` })).status).toBe(
      200,
    );
    portal.clock.advance(1_000);
    expect(await portal.request({ method: 'GET', url: `/rest/user.current?auth=${token}` })).toEqual({
      status: 401,
      body: { error: 'expired_token', error_description: 'The access token provided has expired.' },
    });
  });

  it('answers unknown methods with ERROR_METHOD_NOT_FOUND (404 by default, 400 configurable)', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    expect(await portal.call('telephony.externalCall.nothing', {}, token)).toEqual({
      status: 404,
      body: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
    });
    await portal.request({
      method: 'PATCH',
      url: '/_sandbox/config',
      payload: { ambiguities: { methodNotFoundStatus: 400 } },
    });
    expect((await portal.call('no.such.method', {}, token)).status).toBe(400);
  });

  it('runs inbound webhooks as their user, refuses app-only methods with WRONG_AUTH_TYPE and checks scope', async () => {
    portal = testPortal();
    const hook = await portal.webhook(3, ['telephony']);
    const show = await portal.request({
      method: 'POST',
      url: `${hook}telephony.externalCall.show.json`,
      payload: { CALL_ID: 'x' },
    });
    expect(show).toMatchObject({ status: 200, body: { result: false } });
    for (const method of [
      'telephony.externalCall.register',
      'telephony.externalCall.finish',
      'telephony.externalLine.add',
      'telephony.externalLine.get',
      'telephony.externalLine.update',
      'telephony.externalLine.delete',
      'event.bind',
      'event.get',
      'event.unbind',
      'events',
      'app.info',
    ]) {
      expect(await portal.request({ method: 'POST', url: `${hook}${method}`, payload: {} }), method).toEqual({
        status: 403,
        body: {
          error: 'WRONG_AUTH_TYPE',
          error_description: 'Current authorization type is denied for this method',
        },
      });
    }
    expect(await portal.request({ method: 'GET', url: `${hook}user.get` })).toEqual({
      status: 401,
      body: {
        error: 'insufficient_scope',
        error_description: 'The request requires higher privileges than provided by the webhook token',
      },
    });
    const wrongCode = hook.replace(/\/[^/]+\/$/, '/wrongcode/') + 'scope';
    const otherUser = hook.replace(/^\/rest\/3\//, '/rest/2/') + 'scope';
    for (const url of [wrongCode, otherUser]) {
      expect(await portal.request({ method: 'GET', url }), url).toEqual({
        status: 401,
        body: { error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' },
      });
    }
    await portal.request({
      method: 'PATCH',
      url: '/_sandbox/config',
      payload: {
        ambiguities: {
          wrongAuthTypeStatus: 400,
          insufficientScopeStatus: 403,
          unknownWebhookError: 'NO_AUTH_FOUND',
        },
      },
    });
    expect(
      (await portal.request({ method: 'POST', url: `${hook}telephony.externalCall.register`, payload: {} }))
        .status,
    ).toBe(400);
    expect((await portal.request({ method: 'GET', url: `${hook}user.get` })).status).toBe(403);
    expect(await portal.request({ method: 'GET', url: wrongCode })).toEqual({
      status: 401,
      body: { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' },
    });
  });

  it("refuses a method outside the application's scope with insufficient_scope for the access token", async () => {
    portal = testPortal();
    const narrow = await portal.post<{ client_id: string }>('/_sandbox/apps', {
      name: 'Telephony only',
      scope: ['telephony'],
    });
    const { access_token: token } = await portal.tokens(2, narrow.client_id);
    expect(await portal.call('crm.contact.list', {}, token)).toEqual({
      status: 401,
      body: {
        error: 'insufficient_scope',
        error_description: 'The request requires higher privileges than provided by the access token',
      },
    });
    expect((await portal.call('telephony.externalLine.get', {}, token)).status).toBe(200);
    const inBatch = await portal.call('batch', { cmd: { c: 'crm.contact.list', s: 'scope' } }, token);
    expect(inBatch.body.result).toMatchObject({
      result: { s: ['telephony'] },
      result_error: { c: { error: 'insufficient_scope' } },
    });
  });

  it('gives user.get and user.current only the fields the limited user scopes allow', async () => {
    portal = testPortal();
    const brief = await portal.post<{ client_id: string }>('/_sandbox/apps', { scope: ['user_brief'] });
    const basic = await portal.post<{ client_id: string }>('/_sandbox/apps', { scope: ['user_basic'] });
    const fields = async (clientId: string) => {
      const { access_token: token } = await portal.tokens(2, clientId);
      const [row] = (await portal.call('user.get', { FILTER: { ID: 2 } }, token)).body.result as Record<
        string,
        unknown
      >[];
      const current = (await portal.call('user.current', {}, token)).body.result as Record<string, unknown>;
      expect(Object.keys(current)).toEqual(Object.keys(row ?? {}));
      return row ?? {};
    };
    const briefRow = await fields(brief.client_id);
    expect(briefRow).toMatchObject({ ID: '2', NAME: 'Boris', UF_PHONE_INNER: '101' });
    for (const hidden of ['EMAIL', 'PERSONAL_MOBILE', 'PERSONAL_PHONE', 'WORK_PHONE', 'LAST_LOGIN'])
      expect(briefRow, hidden).not.toHaveProperty(hidden);
    const basicRow = await fields(basic.client_id);
    expect(basicRow).toMatchObject({
      EMAIL: 'boris.petrov@sandbox.example',
      PERSONAL_MOBILE: '+79160000101',
    });
    expect(basicRow).not.toHaveProperty('LAST_LOGIN');
    expect(await fields(seedIds.clientId)).toHaveProperty('LAST_LOGIN');
  });

  it('blanks the code of method validation errors by default, the documented code when configured', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    expect(
      await portal.call('telephony.externalCall.register', { PHONE_NUMBER: '1', TYPE: 2 }, token),
    ).toEqual({
      status: 400,
      body: { error: '', error_description: 'USER_ID or USER_PHONE_INNER should be set' },
    });
    await portal.request({
      method: 'PATCH',
      url: '/_sandbox/config',
      payload: { ambiguities: { blankErrorCodes: 'none' } },
    });
    expect(
      (await portal.call('telephony.externalCall.register', { PHONE_NUMBER: '1', TYPE: 2 }, token)).body
        .error,
    ).toBe('ERROR_CORE');
  });

  it("answers an oversized body with the web server's 413, before any method runs", async () => {
    portal = testPortal({ bodyLimitBytes: 1024 });
    const { access_token: token } = await portal.tokens(2);
    const reply = await portal.app.inject({
      method: 'POST',
      url: '/rest/telephony.externalCall.attachRecord',
      payload: { auth: token, CALL_ID: 'x', FILENAME: 'a.mp3', FILE_CONTENT: 'A'.repeat(4096) },
    });
    expect(reply.statusCode).toBe(413);
    expect(reply.headers['content-type']).toContain('text/html');
  });

  it('logs every request with its method, auth kind, user, status and error for /_sandbox/requests', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    await portal.request({
      method: 'POST',
      url: '/rest//Telephony.ExternalCall.Register.json',
      payload: { auth: token },
    });
    const { requests } = await portal.sandbox<{ requests: Record<string, unknown>[] }>(
      '/_sandbox/requests?method=telephony.externalCall.register',
    );
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'telephony.externalcall.register',
      authKind: 'oauth',
      userId: 2,
      status: 400,
      error: '',
      errorDescription: 'USER_ID or USER_PHONE_INNER should be set',
    });
    expect(JSON.stringify(requests[0])).not.toContain(token);
  });
});
