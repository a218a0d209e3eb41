import { afterEach, describe, expect, it } from 'vitest';
import { seedIds } from '../../../../sandbox/portal/state/seed';
import type { TestPortal } from '../support/portal';
import { testPortal } from '../support/portal';
import type { Receiver } from '../support/receiver';
import { startReceiver } from '../support/receiver';

let portal: TestPortal;
let receiver: Receiver;
afterEach(async () => {
  await portal.app.close();
  await receiver.close();
});

async function setUp(config = {}) {
  portal = testPortal(config);
  receiver = await startReceiver();
}

async function bind(token: string, event: string, params: Record<string, unknown> = {}) {
  return portal.call('event.bind', { event, handler: receiver.url, ...params }, token);
}

describe('event.bind / event.get / event.unbind', () => {
  it('binds for the application, refuses duplicates and unknown events, lists and unbinds everything without a filter', async () => {
    await setUp();
    const { access_token: admin } = await portal.tokens(1);
    expect((await bind(admin, 'onExternalCallStart')).body.result).toBe(true);
    expect(await bind(admin, 'ONEXTERNALCALLSTART')).toEqual({
      status: 400,
      body: { error: 'ERROR_HANDLER_ALREADY_EXIST', error_description: 'Handler already exists!' },
    });
    expect(await bind(admin, 'ONNOTHING')).toEqual({
      status: 400,
      body: { error: 'ERROR_EVENT_NOT_FOUND', error_description: 'Event not found' },
    });
    await bind(admin, 'ONEXTERNALCALLBACKSTART');
    expect((await portal.call('event.get', {}, admin)).body.result).toEqual([
      { event: 'ONEXTERNALCALLSTART', handler: receiver.url, auth_type: '0', offline: 0 },
      { event: 'ONEXTERNALCALLBACKSTART', handler: receiver.url, auth_type: '0', offline: 0 },
    ]);
    expect((await portal.call('event.unbind', {}, admin)).body.result).toEqual({ count: 2 });
    expect((await portal.call('event.get', {}, admin)).body.result).toEqual([]);
  });

  it('binds a non-administrator on their own behalf and refuses offline events and other users', async () => {
    await setUp();
    const { access_token: agent } = await portal.tokens(3);
    await bind(agent, 'ONEXTERNALCALLSTART');
    expect((await portal.call('event.get', {}, agent)).body.result).toEqual([
      { event: 'ONEXTERNALCALLSTART', handler: receiver.url, auth_type: '3', offline: 0 },
    ]);
    expect(await bind(agent, 'ONEXTERNALCALLBACKSTART', { event_type: 'offline' })).toEqual({
      status: 403,
      body: {
        error: 'ACCESS_DENIED',
        error_description: 'Access denied! Offline events binding requires administrator access rights',
      },
    });
    expect((await bind(agent, 'ONEXTERNALCALLBACKSTART', { auth_type: 2 })).body.error_description).toBe(
      'Access denied! Event binding with AUTH_TYPE requires administrator access rights',
    );
    const { access_token: admin } = await portal.tokens(1);
    await bind(admin, 'ONEXTERNALCALLBACKSTART');
    expect((await portal.call('event.get', {}, agent)).body.result).toHaveLength(1);
    expect(
      (await portal.call('event.unbind', { event: 'ONEXTERNALCALLSTART', handler: receiver.url }, agent)).body
        .result,
    ).toEqual({
      count: 1,
    });
    expect((await portal.call('event.get', {}, admin)).body.result).toHaveLength(1);
  });
});

describe('click-to-call', () => {
  it('registers the call first, then POSTs ONEXTERNALCALLSTART form-encoded with data, ts, event_handler_id and auth', async () => {
    await setUp();
    const { access_token: admin } = await portal.tokens(1);
    await portal.call('telephony.externalLine.add', { NUMBER: '74950000000' }, admin);
    await bind(admin, 'ONEXTERNALCALLSTART');
    const outcome = await portal.post<{
      CALL_ID: string;
      deduplicated: boolean;
      deliveries: { outcome: string }[];
    }>('/_sandbox/click-to-call', { user_id: 3, entity: { type: 'CONTACT', id: 2 } });
    expect(outcome.deliveries.map((delivery) => delivery.outcome)).toEqual(['delivered']);
    expect(receiver.received).toHaveLength(1);
    const request = receiver.received[0];
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toMatch(/^event=ONEXTERNALCALLSTART&event_handler_id=\d+&data%5BPHONE_NUMBER%5D=/);
    expect(request?.fields).toEqual({
      event: 'ONEXTERNALCALLSTART',
      event_handler_id: expect.stringMatching(/^\d+$/) as string,
      data: {
        PHONE_NUMBER: '8 916 765 43 21',
        PHONE_NUMBER_INTERNATIONAL: '+79167654321',
        EXTENSION: '',
        USER_ID: '3',
        CALL_LIST_ID: '0',
        LINE_NUMBER: '74950000000',
        IS_MOBILE: '0',
        CALL_ID: outcome.CALL_ID,
        CRM_ENTITY_TYPE: 'CONTACT',
        CRM_ENTITY_ID: '2',
      },
      ts: expect.stringMatching(/^\d{10}$/) as string,
      auth: {
        access_token: expect.any(String) as string,
        expires_in: '3600',
        scope: 'telephony,crm,user',
        domain: '127.0.0.1:8099',
        server_endpoint: 'http://127.0.0.1:8099/oauth-server/rest/',
        status: 'L',
        client_endpoint: 'http://127.0.0.1:8099/rest/',
        member_id: seedIds.memberId,
        application_token: seedIds.applicationToken,
      },
    });
    const token = (request?.fields.auth as { access_token: string }).access_token;
    expect((await portal.call('user.current', {}, token)).body.result).toMatchObject({ ID: '3' });
    const { calls } = await portal.sandbox<{
      calls: { CALL_ID: string; source: string; register: Record<string, string>; cardsShownTo: number[] }[];
    }>('/_sandbox/calls');
    expect(calls).toEqual([
      expect.objectContaining({ CALL_ID: outcome.CALL_ID, source: 'click-to-call', cardsShownTo: [3] }),
    ]);
    expect(calls[0]?.register.EXTERNAL_CALL_ID).toBeUndefined();
  });

  it('adds expires and user_id to the auth block only when configured (they are not documented for events)', async () => {
    await setUp({ ambiguities: { eventAuthFields: 'extended', eventAuthIncludesRefreshToken: true } });
    const { access_token: admin } = await portal.tokens(1);
    await bind(admin, 'ONEXTERNALCALLSTART');
    await portal.post('/_sandbox/click-to-call', { user_id: 4, phone: '+79031112233' });
    const auth = receiver.received[0]?.fields.auth as Record<string, string>;
    expect(Object.keys(auth)).toEqual([
      'access_token',
      'expires',
      'expires_in',
      'scope',
      'domain',
      'server_endpoint',
      'status',
      'client_endpoint',
      'member_id',
      'user_id',
      'refresh_token',
      'application_token',
    ]);
    expect(auth.user_id).toBe('4');
    expect(Number(auth.expires)).toBe(Math.floor(portal.clock.now() / 1000) + 3600);
  });

  it('gives a second click within 30 minutes the same CALL_ID and delivers it again', async () => {
    await setUp();
    const { access_token: admin } = await portal.tokens(1);
    await bind(admin, 'ONEXTERNALCALLSTART');
    const first = await portal.post<{ CALL_ID: string }>('/_sandbox/click-to-call', {
      user_id: 2,
      phone: '+79031112233',
    });
    const second = await portal.post<{ CALL_ID: string; deduplicated: boolean }>('/_sandbox/click-to-call', {
      user_id: 2,
      phone: '9031112233',
    });
    expect(second).toMatchObject({ CALL_ID: first.CALL_ID, deduplicated: true });
    expect(receiver.received.map((request) => (request.fields.data as { CALL_ID: string }).CALL_ID)).toEqual([
      first.CALL_ID,
      first.CALL_ID,
    ]);
  });

  it('does nothing when no application is the default outgoing line', async () => {
    await setUp();
    await portal.request({
      method: 'PATCH',
      url: `/_sandbox/apps/${seedIds.clientId}`,
      payload: { default_outgoing_line: false },
    });
    const reply = await portal.request({
      method: 'POST',
      url: '/_sandbox/click-to-call',
      payload: { user_id: 2, phone: '+79031112233' },
    });
    expect(reply.status).toBe(409);
    expect((await portal.sandbox<{ calls: unknown[] }>('/_sandbox/calls')).calls).toEqual([]);
  });

  it('records unreachable handlers as lost: no retry', async () => {
    await setUp();
    const { access_token: admin } = await portal.tokens(1);
    await portal.call(
      'event.bind',
      { event: 'ONEXTERNALCALLSTART', handler: 'http://127.0.0.1:1/nobody' },
      admin,
    );
    const outcome = await portal.post<{ deliveries: { outcome: string; error: string }[] }>(
      '/_sandbox/click-to-call',
      {
        user_id: 2,
        phone: '+79031112233',
      },
    );
    expect(outcome.deliveries).toEqual([expect.objectContaining({ outcome: 'network-error' })]);
    const { events } = await portal.sandbox<{ events: unknown[] }>('/_sandbox/events');
    expect(events).toHaveLength(1);
  });
});

describe('callback form', () => {
  it("delivers ONEXTERNALCALLBACKSTART without USER_ID or CALL_ID, with the full auth block of the handler's user", async () => {
    await setUp();
    const { access_token: admin } = await portal.tokens(1);
    await bind(admin, 'ONEXTERNALCALLBACKSTART');
    await portal.post('/_sandbox/callback-form', {
      phone: '+7 926 555-00-11',
      text: 'Call me about the order',
    });
    expect(receiver.received[0]?.fields).toMatchObject({
      event: 'ONEXTERNALCALLBACKSTART',
      data: {
        PHONE_NUMBER: '+7 926 555-00-11',
        TEXT: 'Call me about the order',
        VOICE: 'ruinternalfemale',
        CRM_ENTITY_TYPE: 'LEAD',
        CRM_ENTITY_ID: '1',
        LINE_NUMBER: '',
      },
    });
    const auth = receiver.received[0]?.fields.auth as Record<string, string>;
    expect(Object.keys(auth).sort()).toEqual(
      [
        'access_token',
        'expires_in',
        'scope',
        'domain',
        'server_endpoint',
        'status',
        'client_endpoint',
        'member_id',
        'application_token',
      ].sort(),
    );
    expect(auth.application_token).toBe(seedIds.applicationToken);
    // The token is a real one of the user who bound the handler.
    const me = await portal.call('user.current', {}, auth.access_token!);
    expect(me.body.result).toMatchObject({ ID: '1' });
  });

  it('goes to the application whose line the form calls back on, with that LINE_NUMBER', async () => {
    await setUp();
    const other = await portal.post<{ client_id: string }>('/_sandbox/apps', { name: 'Other PBX' });
    const { access_token: ours } = await portal.tokens(1);
    const { access_token: theirs } = await portal.tokens(1, other.client_id);
    await portal.call('telephony.externalLine.add', { NUMBER: '74950001122' }, ours);
    await portal.call('telephony.externalLine.add', { NUMBER: '74957770000' }, theirs);
    await bind(ours, 'ONEXTERNALCALLBACKSTART');
    const elsewhere = await portal.post<{ app: string; deliveries: unknown[] }>('/_sandbox/callback-form', {
      phone: '+79265550011',
      line_number: '74957770000',
    });
    expect(elsewhere).toMatchObject({ app: other.client_id, deliveries: [] });
    expect(receiver.received).toHaveLength(0);
    await portal.post('/_sandbox/callback-form', { phone: '+79265550011', line_number: '74950001122' });
    expect(receiver.received[0]?.fields).toMatchObject({ data: { LINE_NUMBER: '74950001122' } });
    const unknown = await portal.request({
      method: 'POST',
      url: '/_sandbox/callback-form',
      payload: { phone: '+79265550011', line_number: '000' },
    });
    expect(unknown).toMatchObject({
      status: 409,
      body: { error_description: 'no installed application has the line 000' },
    });
  });
});

describe('event faults', () => {
  it('drops deliveries (recorded, not sent) or sends them twice', async () => {
    await setUp();
    const { access_token: admin } = await portal.tokens(1);
    await bind(admin, 'ONEXTERNALCALLSTART');
    await portal.post('/_sandbox/faults', { dropEvents: true });
    await portal.post('/_sandbox/click-to-call', { user_id: 2, phone: '+79031112233' });
    expect(receiver.received).toHaveLength(0);
    await portal.request({ method: 'DELETE', url: '/_sandbox/faults' });
    await portal.post('/_sandbox/faults', { duplicateEvents: true });
    await portal.post('/_sandbox/click-to-call', { user_id: 3, phone: '+79031112233' });
    expect(receiver.received).toHaveLength(2);
    const { events } = await portal.sandbox<{ events: { outcome: string }[] }>('/_sandbox/events');
    expect(events.map((event) => event.outcome)).toEqual(['dropped', 'delivered', 'delivered']);
  });

  it('delivers events with an old ts, as after a backlog in the event queue, until cleared', async () => {
    await setUp();
    const { access_token: admin } = await portal.tokens(1);
    await bind(admin, 'ONEXTERNALCALLSTART');
    await portal.post('/_sandbox/faults', { eventAgeSec: 40 });
    expect((await portal.sandbox<{ active: object }>('/_sandbox/faults')).active).toEqual({
      eventAgeSec: 40,
    });
    await portal.post('/_sandbox/click-to-call', { user_id: 2, phone: '+79031112233' });
    await portal.request({ method: 'DELETE', url: '/_sandbox/faults' });
    await portal.post('/_sandbox/click-to-call', { user_id: 3, phone: '+79031112233' });
    const now = Math.floor(portal.clock.now() / 1000);
    expect(receiver.received.map((request) => Number(request.fields.ts))).toEqual([now - 40, now]);
    const { events } = await portal.sandbox<{ events: { fields: { ts: string } }[] }>('/_sandbox/events');
    expect(events.map((event) => Number(event.fields.ts))).toEqual([now - 40, now]);
  });
});

describe('install', () => {
  it('POSTs ONAPPINSTALL with the installer tokens and a new application_token, wiping handlers and old tokens', async () => {
    await setUp();
    const { access_token: old } = await portal.tokens(1);
    await bind(old, 'ONEXTERNALCALLSTART');
    const installed = await portal.post<{ application_token: string; delivery: { outcome: string } }>(
      '/_sandbox/install',
      {
        handler_url: receiver.url,
      },
    );
    expect(installed.delivery.outcome).toBe('delivered');
    expect(installed.application_token).not.toBe(seedIds.applicationToken);
    const fields = receiver.received[0]?.fields ?? {};
    expect(fields).toMatchObject({
      event: 'ONAPPINSTALL',
      data: { VERSION: '1', ACTIVE: 'Y', INSTALLED: 'Y', LANGUAGE_ID: 'en' },
      ts: expect.stringMatching(/^\d+$/) as string,
      auth: {
        refresh_token: expect.any(String) as string,
        application_token: installed.application_token,
        member_id: seedIds.memberId,
        client_endpoint: 'http://127.0.0.1:8099/rest/',
      },
    });
    expect(Object.keys(fields.auth as object)).toEqual([
      'access_token',
      'expires_in',
      'scope',
      'domain',
      'server_endpoint',
      'status',
      'client_endpoint',
      'member_id',
      'refresh_token',
      'application_token',
    ]);
    expect(fields.event_handler_id).toBeUndefined();
    expect((await portal.call('scope', {}, old)).body.error).toBe('invalid_token');
    const fresh = (fields.auth as { access_token: string }).access_token;
    expect((await portal.call('event.get', {}, fresh)).body.result).toEqual([]);
  });
});
