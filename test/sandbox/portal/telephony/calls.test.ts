import { afterEach, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/portal';
import { finishCall, registerCall, testPortal } from '../support/portal';

let portal: TestPortal;
afterEach(async () => {
  await portal.app.close();
});

interface CallView {
  CALL_ID: string;
  register: Record<string, unknown>;
  registerRequests: { deduplicated: boolean }[];
  finishRequests: { outcome: string; error?: { description: string } }[];
  statistics: Record<string, unknown> | null;
  cardsShownTo: number[];
  activity: Record<string, unknown> | null;
  callStartDate: string;
}

async function calls(): Promise<CallView[]> {
  return (await portal.sandbox<{ calls: CallView[] }>('/_sandbox/calls')).calls;
}

describe('telephony.externalCall.register', () => {
  it('validates in the documented order with the documented texts (ERROR_CORE, 400)', async () => {
    portal = testPortal({ ambiguities: { blankErrorCodes: 'none' } });
    const { access_token: token } = await portal.tokens(2);
    const cases: [Record<string, unknown>, string][] = [
      [{ PHONE_NUMBER: '+74951234567', TYPE: 2 }, 'USER_ID or USER_PHONE_INNER should be set'],
      [{ USER_ID: 2, PHONE_NUMBER: '+74951234567' }, 'Unknown TYPE'],
      [{ USER_ID: 2, PHONE_NUMBER: '+74951234567', TYPE: 6 }, 'Unknown TYPE'],
      [
        { USER_ID: 2, PHONE_NUMBER: '+74951234567', TYPE: 2, CALL_START_DATE: 'yesterday' },
        'CALL_START_DATE should be in the ISO-8601 format',
      ],
      [
        { USER_ID: 2, PHONE_NUMBER: '+74951234567', TYPE: 2, CALL_START_DATE: '2026-03-07T10:20:30' },
        'CALL_START_DATE should be in the ISO-8601 format',
      ],
      [{ USER_ID: 2, PHONE_NUMBER: 'anonymous', TYPE: 2 }, 'Unsupported phone number format'],
      [{ USER_ID: 2, TYPE: 2 }, 'Unsupported phone number format'],
      [{ USER_ID: 5, PHONE_NUMBER: '+74951234567', TYPE: 2 }, 'User is not found or is not active'],
      [{ USER_ID: 999, PHONE_NUMBER: '+74951234567', TYPE: 2 }, 'User is not found or is not active'],
      [
        { USER_PHONE_INNER: '999', PHONE_NUMBER: '+74951234567', TYPE: 2 },
        'User is not found or is not active',
      ],
    ];
    for (const [params, text] of cases) {
      expect(await portal.call('telephony.externalCall.register', params, token), text).toEqual({
        status: 400,
        body: { error: 'ERROR_CORE', error_description: text },
      });
    }
  });

  it('finds the user by USER_PHONE_INNER and shows the card by default (SHOW=1), not with SHOW=0', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(3);
    const shown = await registerCall(portal, token, {
      USER_ID: undefined,
      USER_PHONE_INNER: '103',
      PHONE_NUMBER: '+74950001111',
    });
    const hidden = await registerCall(portal, token, { USER_ID: 3, SHOW: 0, PHONE_NUMBER: '+74950002222' });
    const { cards } = await portal.sandbox<{ cards: { userId: number; CALL_ID: string }[] }>(
      '/_sandbox/cards',
    );
    expect(cards.map((card) => [card.userId, card.CALL_ID])).toEqual([[4, shown]]);
    expect((await calls()).find((call) => call.CALL_ID === hidden)?.cardsShownTo).toEqual([]);
  });

  it('reads CALL_START_DATE with its offset, and without one only when configured to use portal time', async () => {
    portal = testPortal({
      ambiguities: { callStartDateWithoutOffset: 'portal-time' },
      timeZoneOffsetMinutes: 180,
    });
    const { access_token: token } = await portal.tokens(2);
    await registerCall(portal, token, {
      CALL_START_DATE: '2026-03-07T10:20:30+01:00',
      PHONE_NUMBER: '+74950000001',
    });
    await registerCall(portal, token, {
      CALL_START_DATE: '2026-03-07T10:20:30',
      PHONE_NUMBER: '+74950000002',
    });
    expect((await calls()).map((call) => call.callStartDate)).toEqual([
      '2026-03-07T09:20:30.000Z',
      '2026-03-07T07:20:30.000Z',
    ]);
  });

  it('binds the CRM entity found by number in any format, contacts before companies', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    for (const number of ['+7 (916) 123-45-67', '89161234567', '79161234567', '9161234567']) {
      const reply = await portal.call(
        'telephony.externalCall.register',
        { USER_ID: 2, PHONE_NUMBER: number, TYPE: 2, EXTERNAL_CALL_ID: number },
        token,
      );
      expect(reply.body.result, number).toMatchObject({ CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 1 });
    }
    const given = await portal.call(
      'telephony.externalCall.register',
      {
        USER_ID: 2,
        PHONE_NUMBER: '89161234567',
        TYPE: 2,
        CRM_ENTITY_TYPE: 'COMPANY',
        CRM_ENTITY_ID: 1,
        EXTERNAL_CALL_ID: 'x',
      },
      token,
    );
    expect(given.body.result).toMatchObject({ CRM_ENTITY_TYPE: 'COMPANY', CRM_ENTITY_ID: 1 });
  });

  it('creates a lead with CRM_CREATE=1 for an unknown number (internal numbers too), never by default', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const plain = await portal.call(
      'telephony.externalCall.register',
      { USER_ID: 2, PHONE_NUMBER: '+74957770001', TYPE: 2 },
      token,
    );
    expect(plain.body.result).toMatchObject({
      CRM_CREATED_LEAD: null,
      CRM_CREATED_ENTITIES: [],
      CRM_ENTITY_TYPE: null,
      CRM_ENTITY_ID: null,
    });
    const created = await portal.call(
      'telephony.externalCall.register',
      { USER_ID: 2, PHONE_NUMBER: '+74957770002', TYPE: 2, CRM_CREATE: 1 },
      token,
    );
    expect(created.body.result).toMatchObject({
      CRM_CREATED_LEAD: 2,
      CRM_CREATED_ENTITIES: [{ ENTITY_TYPE: 'LEAD', ENTITY_ID: 2 }],
      CRM_ENTITY_TYPE: 'LEAD',
      CRM_ENTITY_ID: 2,
    });
    const internal = await portal.call(
      'telephony.externalCall.register',
      { USER_ID: 2, PHONE_NUMBER: '102', TYPE: 2, CRM_CREATE: 1 },
      token,
    );
    expect(internal.body.result).toMatchObject({ CRM_CREATED_LEAD: 3 });
  });

  it('skips lead creation on outgoing calls through a line with CRM_AUTO_CREATE=N', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    await portal.call('telephony.externalLine.add', { NUMBER: '74950000000', CRM_AUTO_CREATE: 'N' }, token);
    const reply = await portal.call(
      'telephony.externalCall.register',
      { USER_ID: 2, PHONE_NUMBER: '+74957770003', TYPE: 1, CRM_CREATE: 1, LINE_NUMBER: '74950000000' },
      token,
    );
    expect(reply.body.result).toMatchObject({ CRM_CREATED_LEAD: null });
  });

  it('succeeds with LEAD_CREATION_ERROR when the leadCreationError fault is set', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    await portal.post('/_sandbox/faults', { leadCreationError: 'Lead limit reached' });
    const reply = await portal.call(
      'telephony.externalCall.register',
      { USER_ID: 2, PHONE_NUMBER: '+74957770004', TYPE: 2, CRM_CREATE: 1 },
      token,
    );
    expect(reply.status).toBe(200);
    expect(reply.body.result).toMatchObject({
      CRM_CREATED_LEAD: null,
      LEAD_CREATION_ERROR: 'Lead limit reached',
    });
  });

  it('returns the same CALL_ID for a repeat within 30 minutes of the same app, number, type and user', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const first = await registerCall(portal, token, { PHONE_NUMBER: '+7 495 123-45-67' });
    expect(await registerCall(portal, token, { PHONE_NUMBER: '84951234567' })).toBe(first);
    expect(await registerCall(portal, token, { USER_ID: undefined, USER_PHONE_INNER: '101' })).toBe(first);
    expect(await registerCall(portal, token, { TYPE: 1 })).not.toBe(first);
    expect(await registerCall(portal, token, { USER_ID: 3 })).not.toBe(first);
    expect(await registerCall(portal, token, { LINE_NUMBER: '2' })).not.toBe(first);
    expect(await registerCall(portal, token, { EXTERNAL_CALL_ID: 'pbx-2' })).not.toBe(first);
    portal.clock.advance(30 * 60_000);
    expect(await registerCall(portal, token)).not.toBe(first);
    const view = (await calls()).find((call) => call.CALL_ID === first);
    expect(view?.registerRequests.map((request) => request.deduplicated)).toEqual([false, true, true]);
  });

  it('keeps the dedupe per application and, by default, also matches finished calls', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const other = await portal.post<{ client_id: string }>('/_sandbox/apps', { name: 'Other PBX app' });
    const { access_token: otherToken } = await portal.tokens(2, other.client_id);
    const first = await registerCall(portal, token);
    expect(await registerCall(portal, otherToken)).not.toBe(first);
    await finishCall(portal, token, first);
    expect(await registerCall(portal, token)).toBe(first);
    const again = await portal.call('telephony.externalCall.finish', { CALL_ID: first, USER_ID: 2 }, token);
    expect(again.body.error_description).toBe(
      'Call is not found (call should be registered prior to finishing)',
    );
  });

  it('stores what the method saw for /_sandbox/calls: upper-case keys, PHP-style strings, no auth', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    await portal.request({
      method: 'POST',
      url: `/rest/telephony.externalCall.register?auth=${token}&bx24_request_id=1`,
      payload: { user_id: 2, phone_number: '+74951234567', type: 2, show: false, crm_create: 0 },
    });
    expect((await calls())[0]?.register).toEqual({
      USER_ID: '2',
      PHONE_NUMBER: '+74951234567',
      TYPE: '2',
      SHOW: '',
      CRM_CREATE: '0',
    });
  });
});

describe('telephony.externalCall.finish', () => {
  it('writes the documented statistics row and defaults STATUS_CODE to 304 without DURATION', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const callId = await registerCall(portal, token, {
      PHONE_NUMBER: '89167654321',
      LINE_NUMBER: '3',
      EXTERNAL_CALL_ID: 'pbx-7',
    });
    const reply = await portal.call('telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2 }, token);
    const row = reply.body.result as Record<string, unknown>;
    expect(Object.keys(row)).toEqual([
      'CALL_ID',
      'EXTERNAL_CALL_ID',
      'PORTAL_USER_ID',
      'PHONE_NUMBER',
      'PORTAL_NUMBER',
      'INCOMING',
      'CALL_DURATION',
      'CALL_START_DATE',
      'CALL_STATUS',
      'CALL_VOTE',
      'COST',
      'COST_CURRENCY',
      'CALL_FAILED_CODE',
      'CALL_FAILED_REASON',
      'REST_APP_ID',
      'REST_APP_NAME',
      'CRM_ACTIVITY_ID',
      'COMMENT',
      'CRM_ENTITY_TYPE',
      'CRM_ENTITY_ID',
      'ID',
    ]);
    expect(row).toMatchObject({
      CALL_ID: callId,
      EXTERNAL_CALL_ID: 'pbx-7',
      PORTAL_USER_ID: 2,
      PHONE_NUMBER: '89167654321',
      PORTAL_NUMBER: '3',
      INCOMING: '2',
      CALL_DURATION: 0,
      CALL_START_DATE: {},
      CALL_STATUS: 0,
      CALL_FAILED_CODE: '304',
      CRM_ENTITY_TYPE: 'CONTACT',
      CRM_ENTITY_ID: 2,
    });
    expect(row.CRM_ACTIVITY_ID).toEqual(expect.any(Number));
  });

  it('answers 200 by default when DURATION > 0 and keeps an explicit STATUS_CODE, FAILED_REASON, VOTE and COST', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const answered = await finishCall(
      portal,
      token,
      await registerCall(portal, token, { EXTERNAL_CALL_ID: 'a' }),
      { DURATION: 95 },
    );
    expect(answered).toMatchObject({ CALL_FAILED_CODE: '200', CALL_STATUS: 1, CALL_DURATION: 95 });
    const busy = await finishCall(
      portal,
      token,
      await registerCall(portal, token, { EXTERNAL_CALL_ID: 'b' }),
      {
        DURATION: 0,
        STATUS_CODE: '486',
        FAILED_REASON: 'Busy Here',
        VOTE: 4,
        COST: '1.5',
        COST_CURRENCY: 'RUB',
      },
    );
    expect(busy).toMatchObject({
      CALL_FAILED_CODE: '486',
      CALL_FAILED_REASON: 'Busy Here',
      CALL_VOTE: 4,
      COST: 1.5,
      COST_CURRENCY: 'RUB',
      CALL_STATUS: 0,
    });
  });

  it('writes the call into the finishing user’s chat unless ADD_TO_CHAT is 0 (default 1)', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const missed = await registerCall(portal, token, { EXTERNAL_CALL_ID: 'missed' });
    await finishCall(portal, token, missed, { USER_ID: 3, DURATION: 0 });
    const answered = await registerCall(portal, token, { EXTERNAL_CALL_ID: 'answered' });
    await finishCall(portal, token, answered, { DURATION: 95, ADD_TO_CHAT: '1' });
    for (const [index, quiet] of ['0', 0, ''].entries()) {
      const callId = await registerCall(portal, token, { EXTERNAL_CALL_ID: `quiet-${index}` });
      await finishCall(portal, token, callId, { DURATION: 0, ADD_TO_CHAT: quiet });
    }
    const { messages } = await portal.sandbox<{ messages: Record<string, unknown>[] }>('/_sandbox/chat');
    expect(messages).toEqual([
      expect.objectContaining({ userId: 3, CALL_ID: missed, text: 'Missed call from +74951234567' }),
      expect.objectContaining({
        userId: 2,
        CALL_ID: answered,
        text: 'Incoming call from +74951234567, 95 s',
      }),
    ]);
  });

  it('refuses bad finishes with the documented codes, and records them on the call', async () => {
    portal = testPortal({ ambiguities: { blankErrorCodes: 'none' } });
    const { access_token: token } = await portal.tokens(2);
    const callId = await registerCall(portal, token);
    expect(await portal.call('telephony.externalCall.finish', { CALL_ID: 5, USER_ID: 2 }, token)).toEqual({
      status: 400,
      body: { error: 'INVALID_ARGUMENT', error_description: 'CALL_ID must be a string' },
    });
    expect(
      (await portal.call('telephony.externalCall.finish', { CALL_ID: callId }, token)).body.error_description,
    ).toBe('USER_ID or USER_PHONE_INNER should be set');
    expect(
      (await portal.call('telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 5 }, token)).body
        .error_description,
    ).toBe('User is not found or is not active');
    expect(
      await portal.call('telephony.externalCall.finish', { CALL_ID: 'externalCall.0.0', USER_ID: 2 }, token),
    ).toEqual({
      status: 400,
      body: {
        error: 'ERROR_CORE',
        error_description: 'Call is not found (call should be registered prior to finishing)',
      },
    });
    await finishCall(portal, token, callId);
    const second = await portal.call('telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2 }, token);
    expect(second.body.error_description).toBe(
      'Call is not found (call should be registered prior to finishing)',
    );
    const view = (await calls())[0];
    expect(view?.finishRequests.map((request) => request.outcome)).toEqual(['error', 'error', 'ok', 'error']);
  });

  it('hides the card for everyone, creates the CRM activity and hands auto-created leads to the finishing user', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const callId = await registerCall(portal, token, { PHONE_NUMBER: '+74957779999', CRM_CREATE: 1 });
    await portal.call('telephony.externalCall.show', { CALL_ID: callId, USER_ID: [3, 4] }, token);
    expect((await calls())[0]?.cardsShownTo).toEqual([2, 3, 4]);
    await finishCall(portal, token, callId, { USER_ID: 4 });
    const view = (await calls())[0];
    expect(view?.cardsShownTo).toEqual([]);
    expect(view?.activity).toMatchObject({
      OWNER_TYPE: 'LEAD',
      RESPONSIBLE_ID: 4,
      DIRECTION: 1,
      COMPLETED: 'Y',
    });
    const { entities } = await portal.sandbox<{
      entities: { type: string; ID: number; ASSIGNED_BY_ID: number }[];
    }>('/_sandbox/crm');
    expect(entities.find((entity) => entity.type === 'LEAD' && entity.ID === 2)?.ASSIGNED_BY_ID).toBe(4);
  });
});

describe('telephony.externalCall.show / hide', () => {
  it('shows and hides for an id or a list (default: the registered user) and answers false for unknown or finished calls', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const callId = await registerCall(portal, token, { SHOW: 0 });
    expect((await portal.call('telephony.externalCall.show', { CALL_ID: callId }, token)).body.result).toBe(
      true,
    );
    expect(
      (await portal.call('telephony.externalCall.show', { CALL_ID: callId, USER_ID: [3, 4] }, token)).body
        .result,
    ).toBe(true);
    expect(
      (await portal.call('telephony.externalCall.hide', { CALL_ID: callId, USER_ID: 3 }, token)).body.result,
    ).toBe(true);
    const { cards } = await portal.sandbox<{ cards: { userId: number }[] }>('/_sandbox/cards');
    expect(cards.map((card) => card.userId).sort()).toEqual([2, 4]);
    expect(
      await portal.call('telephony.externalCall.show', { CALL_ID: 'externalCall.nope.1' }, token),
    ).toMatchObject({
      status: 200,
      body: { result: false },
    });
    await finishCall(portal, token, callId);
    expect((await portal.call('telephony.externalCall.hide', { CALL_ID: callId }, token)).body.result).toBe(
      false,
    );
  });
});
