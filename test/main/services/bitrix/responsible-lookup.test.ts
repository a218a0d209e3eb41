import { afterEach, describe, expect, it } from 'vitest';
import { BitrixClient } from '../../../../main/services/bitrix/bitrix-client';
import { CrmSearch } from '../../../../main/services/bitrix/crm-search';
import { ResponsibleLookup } from '../../../../main/services/bitrix/responsible-lookup';
import { UserDirectory } from '../../../../main/services/bitrix/user-directory';
import { startSandboxPortal, type SandboxPortal } from '../support/sandbox-portal';

let portal: SandboxPortal | undefined;
afterEach(async () => {
  await portal?.close();
  portal = undefined;
});

describe('transfer to responsible', () => {
  it("finds the responsible user's extension for a caller, however the number is written", async () => {
    portal = await startSandboxPortal();
    const client = new BitrixClient(await portal.tokens(3));
    const lookup = new ResponsibleLookup(new CrmSearch(() => client), new UserDirectory(() => client));
    // The seed's contact with +7 (916) 123-45-67 is assigned to user 2, extension 101.
    expect(await lookup.find('8 916 123-45-67')).toMatchObject({ userId: 2, extension: '101' });
    expect(await lookup.find('+44 20 7123 4567')).toBeNull();
  });

  it('says when the responsible user is not at work by their workday, so nobody is sent to an empty desk', async () => {
    portal = await startSandboxPortal();
    const client = new BitrixClient(await portal.tokens(3));
    const lookup = new ResponsibleLookup(new CrmSearch(() => client), new UserDirectory(() => client));
    // The seed's contact with +7 (903) 111-22-33 is assigned to Dmitry (user 4, extension 103), on a break.
    expect(await lookup.find('+79031112233')).toEqual({
      userId: 4,
      extension: '103',
      crmEntityType: 'CONTACT',
      crmEntityId: 3,
      away: { timemanStatus: 'PAUSED' },
    });
    // Boris (user 2) is at work: no `away`.
    expect(await lookup.find('+79161234567')).not.toHaveProperty('away');
  });

  it('asks the CRM afresh when the agent transfers, and the caller’s name then reuses that answer', async () => {
    portal = await startSandboxPortal();
    const client = new BitrixClient(await portal.tokens(3));
    const crm = new CrmSearch(() => client);
    const lookup = new ResponsibleLookup(crm, new UserDirectory(() => client));
    const caller = '+79990001122';
    expect(await crm.nameOf(caller)).toBeNull();
    expect(await crm.nameOf(caller)).toBeNull();
    expect(await portal.requests('telephony.externalCall.searchCrmEntities')).toHaveLength(1);
    // While they talk, the agent makes the caller a lead of Carla's (user 3, extension 102).
    const admin = new BitrixClient(await portal.tokens(1));
    await admin.call('crm.lead.add', {
      fields: { TITLE: 'Walk-in customer', PHONE: [{ VALUE: caller }], ASSIGNED_BY_ID: 3 },
    });
    expect(await lookup.find(caller)).toMatchObject({ userId: 3, extension: '102' });
    expect(await crm.nameOf(caller)).toBe('Walk-in customer');
    expect(await portal.requests('telephony.externalCall.searchCrmEntities')).toHaveLength(2);
  });
});
