import { afterEach, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/portal';
import { testPortal } from '../support/portal';

let portal: TestPortal;
afterEach(async () => {
  await portal.app.close();
});

describe('telephony.externalLine.*', () => {
  it('adds, lists, updates and deletes lines with the documented results and errors', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(1);
    const added = await portal.call(
      'telephony.externalLine.add',
      { NUMBER: '74951112233', NAME: 'Main' },
      token,
    );
    expect(added.body.result).toEqual({ ID: expect.any(Number) as number });
    const id = (added.body.result as { ID: number }).ID;
    expect(
      (await portal.call('telephony.externalLine.add', { NUMBER: '74951112233' }, token)).body
        .error_description,
    ).toBe('Line already exists');
    expect((await portal.call('telephony.externalLine.add', {}, token)).body.error_description).toBe(
      'NUMBER should not be empty',
    );
    expect((await portal.call('telephony.externalLine.get', {}, token)).body.result).toEqual([
      { NUMBER: '74951112233', NAME: 'Main', CRM_AUTO_CREATE: 'Y' },
    ]);
    expect(
      (await portal.call('telephony.externalLine.update', { NUMBER: '74951112233' }, token)).body
        .error_description,
    ).toBe('There are no fields to update');
    expect(
      (await portal.call('telephony.externalLine.update', { NUMBER: '1', NAME: 'x' }, token)).body
        .error_description,
    ).toBe('Could not find line with number 1');
    expect(
      (
        await portal.call(
          'telephony.externalLine.update',
          { NUMBER: '74951112233', CRM_AUTO_CREATE: 'N' },
          token,
        )
      ).body.result,
    ).toEqual({
      ID: String(id),
    });
    expect(
      (await portal.call('telephony.externalLine.delete', { NUMBER: '74951112233' }, token)).body.result,
    ).toEqual([]);
    expect(
      (await portal.call('telephony.externalLine.delete', { NUMBER: '74951112233' }, token)).body
        .error_description,
    ).toBe('Could not find line with number 74951112233');
  });

  it('keeps each application to its own lines', async () => {
    portal = testPortal();
    const other = await portal.post<{ client_id: string }>('/_sandbox/apps', { name: 'Other PBX' });
    const { access_token: mine } = await portal.tokens(1);
    const { access_token: theirs } = await portal.tokens(1, other.client_id);
    await portal.call('telephony.externalLine.add', { NUMBER: '100' }, mine);
    expect((await portal.call('telephony.externalLine.get', {}, theirs)).body.result).toEqual([]);
    expect((await portal.call('telephony.externalLine.add', { NUMBER: '100' }, theirs)).status).toBe(200);
  });
});

describe('telephony.externalCall.searchCrmEntities', () => {
  it('matches +7, 8 and 10-digit forms of one number and returns the responsible user', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    for (const number of ['+7 916 123-45-67', '8 (916) 123 45 67', '9161234567', '79161234567']) {
      const reply = await portal.call(
        'telephony.externalCall.searchCrmEntities',
        { PHONE_NUMBER: number },
        token,
      );
      expect(
        (reply.body.result as { CRM_ENTITY_TYPE: string }[]).map((row) => row.CRM_ENTITY_TYPE),
        number,
      ).toEqual(['CONTACT', 'COMPANY']);
    }
    const reply = await portal.call(
      'telephony.externalCall.searchCrmEntities',
      { PHONE_NUMBER: '+19062195047' },
      token,
    );
    expect(reply.body.result).toEqual([
      {
        CRM_ENTITY_TYPE: 'CONTACT',
        CRM_ENTITY_ID: 4,
        ASSIGNED_BY_ID: 2,
        NAME: 'John Doe',
        ASSIGNED_BY: {
          ID: '2',
          TIMEMAN_STATUS: 'OPENED',
          USER_PHONE_INNER: '101',
          WORK_PHONE: null,
          PERSONAL_PHONE: null,
          PERSONAL_MOBILE: '+79160000101',
        },
      },
    ]);
    expect(
      (await portal.call('telephony.externalCall.searchCrmEntities', { PHONE_NUMBER: '101' }, token)).body
        .result,
    ).toEqual([]);
  });

  it('answers the documented errors', async () => {
    portal = testPortal({ crmInstalled: false });
    const { access_token: token } = await portal.tokens(2);
    expect(
      (await portal.call('telephony.externalCall.searchCrmEntities', {}, token)).body.error_description,
    ).toBe('PHONE_NUMBER is empty');
    expect(
      (await portal.call('telephony.externalCall.searchCrmEntities', { PHONE_NUMBER: '1' }, token)).body
        .error_description,
    ).toBe('CRM is not installed.');
  });
});
