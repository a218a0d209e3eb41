import { afterEach, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/portal';
import { testPortal } from '../support/portal';

let portal: TestPortal;
afterEach(async () => {
  await portal.app.close();
});

/** The fields of an open incoming call activity on `lead`, as the app sends them for a missed call. */
const callOnLead = (lead: number) => ({
  OWNER_TYPE_ID: 1,
  OWNER_ID: lead,
  TYPE_ID: 2,
  DIRECTION: 1,
  COMMUNICATIONS: [{ VALUE: '+74950009999', ENTITY_ID: lead, ENTITY_TYPE_ID: 1 }],
  SUBJECT: 'Call back: missed call from +74950009999',
  RESPONSIBLE_ID: 2,
  START_TIME: '2026-12-07T10:00:00+03:00',
  END_TIME: '2026-12-07T10:00:00+03:00',
  COMPLETED: 'N',
  ORIGINATOR_ID: 'b24phone',
  ORIGIN_ID: 'externalCall.abc',
});

describe('crm.activity.add', () => {
  it('adds an open call activity on a lead, answered with its ID and kept in the records', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const lead = (
      await portal.call(
        'crm.lead.add',
        { fields: { TITLE: 'Missed call', PHONE: [{ VALUE: '+74950009999', VALUE_TYPE: 'WORK' }] } },
        token,
      )
    ).body.result as number;
    const added = await portal.call('crm.activity.add', { fields: callOnLead(lead) }, token);
    expect(added.status).toBe(200);
    const id = added.body.result as number;
    expect(id).toBeGreaterThan(0);
    expect((await portal.call('crm.activity.get', { id }, token)).body.result).toMatchObject({
      OWNER_TYPE_ID: '1',
      OWNER_ID: String(lead),
      TYPE_ID: '2',
      DIRECTION: '1',
      RESPONSIBLE_ID: '2',
      COMPLETED: 'N',
      ORIGIN_ID: 'externalCall.abc',
      START_TIME: '2026-12-07T10:00:00+03:00',
    });
    const listed = await portal.call(
      'crm.activity.list',
      { filter: { OWNER_TYPE_ID: 1, OWNER_ID: lead, ORIGIN_ID: 'externalCall.abc' } },
      token,
    );
    expect(listed.body.total).toBe(1);
    const { activities } = await portal.sandbox<{ activities: Array<Record<string, unknown>> }>(
      '/_sandbox/activities',
    );
    expect(activities).toMatchObject([{ ID: id, OWNER_TYPE: 'LEAD', OWNER_ID: lead, COMPLETED: 'N' }]);
  });

  it('refuses missing fields with the documented texts (empty code, HTTP 400) and keeps nothing', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const lead = (await portal.call('crm.lead.add', { fields: { TITLE: 'L' } }, token)).body.result as number;
    const refusal = async (fields: Record<string, unknown>) => {
      const reply = await portal.call('crm.activity.add', { fields }, token);
      return [reply.status, reply.body.error, reply.body.error_description];
    };
    const without = (field: string) => {
      const fields: Record<string, unknown> = callOnLead(lead);
      delete fields[field];
      return fields;
    };
    expect(await refusal(without('RESPONSIBLE_ID'))).toEqual([
      400,
      '',
      'The field RESPONSIBLE_ID is not defined or invalid',
    ]);
    expect(await refusal(without('TYPE_ID'))).toEqual([
      400,
      '',
      'The field TYPE_ID is not defined or invalid',
    ]);
    expect(await refusal(without('COMMUNICATIONS'))).toEqual([
      400,
      '',
      'The field COMMUNICATIONS is not defined or invalid',
    ]);
    expect(await refusal({ ...callOnLead(lead), SUBJECT: ' ' })).toEqual([
      400,
      '',
      'The field SUBJECT is not defined or empty',
    ]);
    expect(
      await refusal({
        ...callOnLead(lead),
        COMMUNICATIONS: [{ VALUE: '+74950009999' }, { VALUE: '+74950009998' }],
      }),
    ).toEqual([400, '', 'The only one communication is allowed for activity of specified type']);
    expect(
      await refusal({ ...callOnLead(lead), OWNER_ID: 9999, COMMUNICATIONS: [{ VALUE: '+74950009999' }] }),
    ).toEqual([
      400,
      '',
      'Could not build binding. Please ensure that owner info and communications are defined correctly',
    ]);
    expect((await portal.sandbox<{ activities: unknown[] }>('/_sandbox/activities')).activities).toEqual([]);
  });

  it('needs the crm scope', async () => {
    portal = testPortal();
    const hook = await portal.webhook(2, ['telephony']);
    const reply = await portal.request({
      method: 'POST',
      url: `${hook}crm.activity.add`,
      payload: { fields: callOnLead(1) },
    });
    expect(reply.body.error).toBe('insufficient_scope');
  });
});
