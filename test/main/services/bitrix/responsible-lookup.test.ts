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

  it("shares the CRM's answers with the caller's name: one question per number", async () => {
    portal = await startSandboxPortal();
    const client = new BitrixClient(await portal.tokens(3));
    const crm = new CrmSearch(() => client);
    const lookup = new ResponsibleLookup(crm, new UserDirectory(() => client));
    expect(await crm.nameOf('+79167654321')).toBe('Olga Smirnova');
    expect(await lookup.find('8 916 765 43 21')).toMatchObject({ userId: 3, extension: '102' });
    expect(await portal.requests('telephony.externalCall.searchCrmEntities')).toHaveLength(1);
  });
});
