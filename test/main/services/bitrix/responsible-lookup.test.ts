import { afterEach, describe, expect, it } from 'vitest';
import { BitrixClient } from '../../../../main/services/bitrix/bitrix-client';
import { bitrixTokensSchema } from '../../../../main/services/bitrix/bitrix-tokens';
import { ResponsibleLookup } from '../../../../main/services/bitrix/responsible-lookup';
import { build, listen, type PortalServer } from '../../../../sandbox/portal/server';

let portal: PortalServer;
afterEach(async () => {
  await portal?.close();
});

async function agentClient(userId: number): Promise<{ client: BitrixClient; origin: string }> {
  portal = build();
  const origin = await listen(portal, 0);
  const response = await fetch(`${origin}/_sandbox/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user_id: userId }),
  });
  return { client: new BitrixClient(bitrixTokensSchema.parse(await response.json())), origin };
}

describe('transfer to responsible', () => {
  it("finds the responsible user's extension for a caller, however the number is written", async () => {
    const { client } = await agentClient(3);
    const lookup = new ResponsibleLookup(() => client);
    // The seed's contact with +7 (916) 123-45-67 is assigned to user 2, extension 101.
    expect(await lookup.find('8 916 123-45-67')).toMatchObject({ userId: 2, extension: '101' });
  });

  it('answers null for an unknown caller, and asks the portal once per number', async () => {
    const { client, origin } = await agentClient(3);
    const lookup = new ResponsibleLookup(() => client);
    expect(await lookup.find('+44 20 7123 4567')).toBeNull();
    expect(await lookup.find('+442071234567')).toBeNull();
    const { requests } = (await (
      await fetch(`${origin}/_sandbox/requests?method=telephony.externalCall.searchCrmEntities`)
    ).json()) as { requests: unknown[] };
    expect(requests).toHaveLength(1);
  });
});
