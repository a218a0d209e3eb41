import { afterEach, describe, expect, it } from 'vitest';
import { BitrixClient } from '../../../../main/services/bitrix/bitrix-client';
import { CrmSearch } from '../../../../main/services/bitrix/crm-search';
import { startSandboxPortal, type SandboxPortal } from '../support/sandbox-portal';

let portal: SandboxPortal | undefined;
afterEach(async () => {
  await portal?.close();
  portal = undefined;
});

async function agentClient(userId: number): Promise<BitrixClient> {
  portal = await startSandboxPortal();
  return new BitrixClient(await portal.tokens(userId));
}

describe("the caller's name from the CRM", () => {
  it('names a seeded contact however the number is written, asking the portal once', async () => {
    const client = await agentClient(3);
    const crm = new CrmSearch(() => client);
    // Seeded: contact Olga Smirnova, "8 916 765 43 21".
    expect(await crm.nameOf('+7 916 765-43-21')).toBe('Olga Smirnova');
    expect(await crm.nameOf('89167654321')).toBe('Olga Smirnova');
    expect(await portal?.requests('telephony.externalCall.searchCrmEntities')).toHaveLength(1);
  });

  it('answers null for an unknown caller (cached too), and asks nothing for what is no number', async () => {
    const client = await agentClient(3);
    const crm = new CrmSearch(() => client);
    expect(await crm.nameOf('+44 20 7123 4567')).toBeNull();
    expect(await crm.nameOf('+442071234567')).toBeNull();
    expect(await crm.nameOf('anonymous')).toBeNull();
    expect(await portal?.requests('telephony.externalCall.searchCrmEntities')).toHaveLength(1);
  });

  it('asks again once the cached answer is old', async () => {
    const client = await agentClient(3);
    let now = 1_000_000;
    const crm = new CrmSearch(() => client, { cacheTtlMs: 60_000, now: () => now });
    expect(await crm.nameOf('+79167654321')).toBe('Olga Smirnova');
    now += 61_000;
    expect(await crm.nameOf('+79167654321')).toBe('Olga Smirnova');
    expect(await portal?.requests('telephony.externalCall.searchCrmEntities')).toHaveLength(2);
  });

  it('fails loudly when the portal does (the caller decides), and caches no failure', async () => {
    const client = await agentClient(3);
    const crm = new CrmSearch(() => client);
    await portal?.configure({ crmInstalled: false });
    await expect(crm.nameOf('+79167654321')).rejects.toThrow(/CRM is not installed/);
    await portal?.configure({ crmInstalled: true });
    expect(await crm.nameOf('+79167654321')).toBe('Olga Smirnova');
  });

  it('knows nobody without a signed-in agent', async () => {
    expect(await new CrmSearch(() => null).nameOf('+79167654321')).toBeNull();
  });
});
