import { afterEach, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/portal';
import { testPortal } from '../support/portal';

let portal: TestPortal;
afterEach(async () => {
  await portal.app.close();
});

describe('user.get and CRM reads', () => {
  it('filters by UF_PHONE_INNER and ACTIVE through FILTER, filter or top-level fields', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const ids = async (params: Record<string, unknown>) =>
      ((await portal.call('user.get', params, token)).body.result as { ID: string }[]).map((user) => user.ID);
    expect(await ids({ FILTER: { UF_PHONE_INNER: '101', ACTIVE: true } })).toEqual(['2']);
    expect(await ids({ filter: { UF_PHONE_INNER: '104' } })).toEqual(['5']);
    expect(await ids({ FILTER: { UF_PHONE_INNER: '104', ACTIVE: true } })).toEqual([]);
    expect(await ids({ UF_PHONE_INNER: '103' })).toEqual(['4']);
    expect(await ids({ FILTER: { '!UF_PHONE_INNER': null, ACTIVE: 'Y' } })).toEqual(['2', '3', '4', '58']);
    expect(await ids({ FILTER: { '@ID': [1, 3] } })).toEqual(['1', '3']);
    expect(await ids({ FILTER: { NAME_SEARCH: 'carla' } })).toEqual(['3']);
  });

  it('answers user.current and profile for the token owner', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(1);
    expect((await portal.call('user.current', {}, token)).body.result).toMatchObject({
      ID: '1',
      NAME: 'Anna',
    });
    expect((await portal.call('profile', {}, token)).body.result).toMatchObject({ ID: 1, ADMIN: true });
  });

  it('answers user.admin true for an administrator and false for anyone else, whatever the scope', async () => {
    portal = testPortal();
    const admin = await portal.tokens(1);
    const agent = await portal.tokens(2);
    expect((await portal.call('user.admin', {}, admin.access_token)).body.result).toBe(true);
    expect((await portal.call('user.admin', {}, agent.access_token)).body.result).toBe(false);
  });

  it('lists and reads contacts, companies and leads; PHONE only when selected; CRM "Not found" with an empty code', async () => {
    portal = testPortal();
    const { access_token: token } = await portal.tokens(2);
    const list = await portal.call('crm.contact.list', { filter: { ASSIGNED_BY_ID: 3 } }, token);
    expect((list.body.result as { ID: string; PHONE?: unknown }[]).map((row) => [row.ID, row.PHONE])).toEqual(
      [
        ['2', undefined],
        ['5', undefined],
        ['6', undefined],
      ],
    );
    const withPhones = await portal.call(
      'crm.contact.list',
      { filter: { PHONE: '84950001122' }, select: ['*', 'PHONE'] },
      token,
    );
    expect(withPhones.body.result).toMatchObject([
      { ID: '5', PHONE: [{ VALUE: '+7-495-000-11-22' }, { VALUE: '84950001123' }] },
    ]);
    expect((await portal.call('crm.company.get', { id: 1 }, token)).body.result).toMatchObject({
      TITLE: 'Romashka LLC',
    });
    expect(await portal.call('crm.lead.get', { id: 99 }, token)).toEqual({
      status: 400,
      body: { error: '', error_description: 'Not found' },
    });
    expect(
      (await portal.call('crm.duplicate.findbycomm', { type: 'PHONE', values: ['89161234567'] }, token)).body
        .result,
    ).toEqual({
      CONTACT: [1],
      COMPANY: [1],
    });
  });
});
