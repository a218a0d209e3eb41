import { placeCall } from '../../sandbox/pbx/sipp';
import type { PortalClient, SandboxCall } from '../../sandbox/portal/sandbox-client';
import { expect, test } from './support/fixtures';
import { dial, expectAudio, inCallView } from './support/phone-ui';
import { agentOfCountry } from './support/portal-country';

/**
 * What kind of call Bitrix24 is told of: a call the PBX forwarded to the agent is TYPE 3 (its
 * Diversion or History-Info says so), one that came straight in is TYPE 2, and a call between two
 * agents' extensions is no customer call - the portal never hears of it. The forwarded calls run
 * on Russian, German and US portals, the call between agents on Russian and German ones, each
 * caller presented by the PBX in its country's own way.
 */

const caller = '+74951234567';

async function registrationOf(portal: PortalClient, externalCallId: string): Promise<SandboxCall> {
  await expect
    .poll(async () => (await portal.callsWithExternalId(externalCallId))[0]?.finish ?? null)
    .not.toBeNull();
  const [call] = await portal.callsWithExternalId(externalCallId);
  return call!;
}

/** A customer of each portal: `from` as the PBX presents them, `number` as Bitrix24 gets it. */
const customers = [
  { country: 'RU', from: caller, number: caller },
  { country: 'DE', from: '03012345678', number: '+493012345678' },
  { country: 'US', from: '12125551234', number: '+12125551234' },
] as const;

for (const { country, from, number } of customers) {
  test(`a call the PBX forwarded to the agent is registered as TYPE 3, a direct one as TYPE 2 (${country} portal)`, async ({
    rig,
    portal,
    portalCountry,
    startAgent,
  }) => {
    await portalCountry(country);
    await startAgent('101', { settings: agentOfCountry(country) });
    for (const [headers, type] of [
      [{ Diversion: '<sip:100@pbx.example.com>;reason=no-answer;counter=1' }, '3'],
      [
        {
          'History-Info':
            '<sip:100@pbx.example.com>;index=1, <sip:101@pbx.example.com;cause=302>;index=1.1;mp=1',
        },
        '3',
      ],
      [{}, '2'],
    ] as const) {
      const call = await placeCall({
        rig,
        to: '101',
        from,
        scenario: 'cancel',
        ringMs: 1_500,
        headers,
      });
      expect((await call.done).exitCode).toBe(0);
      expect((await registrationOf(portal, call.callId)).register).toMatchObject({
        TYPE: type,
        PHONE_NUMBER: number,
      });
    }
  });
}

// The country decides whether "102" is a colleague's extension or a number to register, and how
// the control customer's number reaches Bitrix24.
for (const { country, from, number } of customers.filter((customer) => customer.country !== 'US')) {
  test(`an agent calling another agent is not a customer call: Bitrix24 gets nothing of it (${country} portal)`, async ({
    rig,
    portal,
    portalCountry,
    startAgent,
  }) => {
    await portalCountry(country);
    const first = await startAgent('101', { settings: agentOfCountry(country) });
    const second = await startAgent('102', { settings: agentOfCountry(country) });
    await dial(first.page, '102');
    const incoming = second.page.getByRole('region', { name: 'Incoming call' });
    await expect(incoming.getByLabel('Caller number')).toHaveText('101');
    await incoming.getByRole('button', { name: 'Answer' }).click();
    await expectAudio(first.page);
    await inCallView(first.page).getByRole('button', { name: 'Hang up' }).click();
    await expect(second.page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();

    // The control: a customer's call to 101 afterwards is registered and finished; by then the
    // colleague's call, over before it rang, would have been delivered ahead of it.
    const call = await placeCall({ rig, to: '101', from, scenario: 'cancel', ringMs: 1_500 });
    expect((await call.done).exitCode).toBe(0);
    await registrationOf(portal, call.callId);
    expect((await portal.calls()).map((entry) => entry.register['PHONE_NUMBER'])).toEqual([number]);
  });
}
