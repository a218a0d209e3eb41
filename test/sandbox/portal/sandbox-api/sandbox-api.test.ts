import { afterEach, describe, expect, it } from 'vitest';
import { seedIds } from '../../../../sandbox/portal/state/seed';
import type { TestPortal } from '../support/portal';
import { finishCall, registerCall, testPortal } from '../support/portal';

let portal: TestPortal;
afterEach(async () => {
  await portal.app.close();
});

interface FaultsView {
  active: Record<string, unknown>;
  history: { fault: string; detail: Record<string, unknown> }[];
}

describe('/_sandbox/faults', () => {
  it('shows every persistent fault as active and every one-shot in the history, until DELETE', async () => {
    portal = testPortal();
    await portal.tokens(2);
    const answer = await portal.post<{ applied: Record<string, unknown> }>('/_sandbox/faults', {
      status503: { count: 2 },
      status500: { count: 1, methods: ['user.get'] },
      status429: { count: 1 },
      redirect302: { count: 1 },
      delayMs: 10,
      dropEvents: true,
      duplicateEvents: true,
      leadCreationError: 'No leads today',
      expireAllTokens: true,
      revokeRefreshToken: 'all',
      methods: ['telephony.externalCall.register'],
    });
    expect(answer.applied).toEqual({
      expireAllTokens: { tokensExpired: 1 },
      revokeRefreshToken: { userId: null, tokensRevoked: 1 },
    });
    const view = await portal.sandbox<FaultsView>('/_sandbox/faults');
    expect(view.active).toEqual({
      status503: { count: 2, methods: ['telephony.externalcall.register'] },
      status500: { count: 1, methods: ['user.get'] },
      status429: { count: 1, methods: ['telephony.externalcall.register'] },
      redirect302: { count: 1, methods: ['telephony.externalcall.register'] },
      delayMs: { ms: 10, methods: ['telephony.externalcall.register'] },
      dropEvents: true,
      duplicateEvents: true,
      leadCreationError: 'No leads today',
    });
    expect(view.history.map((entry) => entry.fault)).toEqual([
      'set',
      'expireAllTokens',
      'revokeRefreshToken',
    ]);
    expect((await portal.request({ method: 'DELETE', url: '/_sandbox/faults' })).body).toEqual({
      active: {},
    });
  });

  it('rejects unknown fault names and refuse mode without a listener', async () => {
    portal = testPortal();
    expect(
      (await portal.request({ method: 'POST', url: '/_sandbox/faults', payload: { explode: true } })).status,
    ).toBe(400);
    expect(
      (
        await portal.request({
          method: 'POST',
          url: '/_sandbox/faults',
          payload: { down: { mode: 'refuse', forMs: 10 } },
        })
      ).status,
    ).toBe(400);
  });
});

describe('/_sandbox/reset', () => {
  it('clears calls, CRM changes, logs and faults but keeps tokens and handlers; full restores everything', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(1);
    await portal.call('event.bind', { event: 'ONEXTERNALCALLSTART', handler: 'http://127.0.0.1:1/h' }, token);
    await registerCall(portal, token, { PHONE_NUMBER: '+74957770000', CRM_CREATE: 1 });
    await portal.post('/_sandbox/faults', { dropEvents: true });
    await portal.post('/_sandbox/reset', {});
    expect((await portal.sandbox<{ calls: unknown[] }>('/_sandbox/calls')).calls).toEqual([]);
    expect((await portal.sandbox<{ requests: unknown[] }>('/_sandbox/requests')).requests).toEqual([]);
    expect((await portal.sandbox<FaultsView>('/_sandbox/faults')).active).toEqual({});
    expect((await portal.sandbox<{ entities: unknown[] }>('/_sandbox/crm')).entities).toHaveLength(8);
    expect((await portal.call('event.get', {}, token)).body.result).toHaveLength(1);
    await portal.post('/_sandbox/reset', { full: true });
    expect((await portal.call('scope', {}, token)).body.error).toBe('invalid_token');
  });
});

describe('/_sandbox/apps, webhooks and config', () => {
  it('describes the app with its secrets and lists webhooks', async () => {
    portal = testPortal();
    expect(await portal.sandbox('/_sandbox/app')).toMatchObject({
      client_id: seedIds.clientId,
      client_secret: seedIds.clientSecret,
      application_token: seedIds.applicationToken,
      scope: ['telephony', 'crm', 'user'],
      installed: true,
      default_outgoing_line: true,
    });
    const hook = await portal.webhook(2, ['user']);
    expect(
      (await portal.sandbox<{ webhooks: { url: string }[] }>('/_sandbox/webhooks')).webhooks[0]?.url,
    ).toBe(`http://127.0.0.1:8099${hook}`);
  });

  it('patches the configuration and refuses unknown keys', async () => {
    portal = testPortal();
    const patched = await portal.request({
      method: 'PATCH',
      url: '/_sandbox/config',
      payload: { rateLimit: { burst: 250, drainPerSecond: 5 } },
    });
    expect(patched.body).toMatchObject({ rateLimit: { burst: 250, drainPerSecond: 5, enabled: true } });
    expect(
      (
        await portal.request({
          method: 'PATCH',
          url: '/_sandbox/config',
          payload: { ambiguities: { lenient: true } },
        })
      ).status,
    ).toBe(400);
  });
});

describe('the remaining read methods', () => {
  it('answers scope, server.time, app.info, events, crm.lead.add and crm.activity.list/get', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    expect((await portal.call('scope', {}, token)).body.result).toEqual(['telephony', 'crm', 'user']);
    expect((await portal.call('server.time', {}, token)).body.result).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/,
    );
    expect((await portal.call('app.info', {}, token)).body.result).toMatchObject({
      CODE: seedIds.clientId,
      STATUS: 'L',
      INSTALLED: true,
    });
    expect((await portal.call('events', {}, token)).body.result).toContain('ONEXTERNALCALLSTART');
    const lead = await portal.call(
      'crm.lead.add',
      { fields: { TITLE: 'From REST', PHONE: [{ VALUE: '+74950009999', VALUE_TYPE: 'WORK' }] } },
      token,
    );
    expect(lead.body.result).toBe(2);
    const callId = await registerCall(portal, token, { PHONE_NUMBER: '84950009999' });
    await finishCall(portal, token, callId, { DURATION: 5 });
    const activities = await portal.call(
      'crm.activity.list',
      { filter: { OWNER_TYPE_ID: 1, OWNER_ID: 2 } },
      token,
    );
    expect(activities.body).toMatchObject({
      total: 1,
      result: [{ OWNER_TYPE_ID: '1', OWNER_ID: '2', TYPE_ID: '2', DIRECTION: '1', RESPONSIBLE_ID: '2' }],
    });
    const id = (activities.body.result as { ID: string }[])[0]?.ID;
    expect((await portal.call('crm.activity.get', { id }, token)).body.result).toMatchObject({
      ORIGIN_ID: `VI_${callId}`,
    });
  });
});
