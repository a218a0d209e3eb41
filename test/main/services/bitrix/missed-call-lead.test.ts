import { describe, expect, it } from 'vitest';
import { crmNumbers, script, unknownNumbers } from '../support/call-scripts';
import { agentAtSandboxPortal, type TestAgent, type TestAgentOptions } from '../support/test-agent';

/**
 * crmCreate.missed against the portal emulator over HTTP: what the portal's CRM holds after a
 * missed call - one lead with the caller's number and one open call activity on it for the agent,
 * or nothing at all - also when the step's requests fail or their answers are lost.
 */
describe('a lead for a missed call from an unknown number', () => {
  const me = 2;
  const sandbox = agentAtSandboxPortal(me);
  const { portal } = sandbox;
  let sequence = 0;

  const startAgent = (
    crmCreate: { incoming?: boolean; missed?: boolean },
    options: Partial<TestAgentOptions> = {},
  ): Promise<TestAgent> =>
    sandbox.startAgent({
      settings: { crmCreate: { incoming: false, outgoing: false, missed: false, ...crmCreate } },
      ...options,
    });

  function call(scenario: 'missed' | 'answered-incoming', number: string) {
    sequence += 1;
    return script({
      scenario,
      callKey: `lead-${sequence}`,
      userId: me,
      number,
      ringingAt: Date.now() - 60_000,
    });
  }

  const leadsFor = async (number: string) =>
    (await portal.crm()).filter(
      (entity) =>
        entity.type === 'LEAD' && (entity.PHONE as Array<{ VALUE: string }>).some((p) => p.VALUE === number),
    );
  /** Activities crm.activity.add made (finish's own activities belong to a telephony call). */
  const addedActivities = async () =>
    (await portal.activities()).filter((activity) => activity.CALL_ID === '');

  async function expectOneLeadWithItsCall(number: string) {
    const leads = await leadsFor(number);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({
      ASSIGNED_BY_ID: me,
      SOURCE_ID: 'CALL',
      PHONE: [{ VALUE: number, VALUE_TYPE: 'WORK' }],
    });
    expect(String(leads[0]!.TITLE)).toContain(number);
    const [portalCall] = await portal.calls();
    expect(await addedActivities()).toEqual([
      expect.objectContaining({
        OWNER_TYPE: 'LEAD',
        OWNER_ID: leads[0]!.ID,
        TYPE_ID: 2,
        DIRECTION: 1,
        RESPONSIBLE_ID: me,
        COMPLETED: 'N',
        ORIGIN_ID: portalCall!.CALL_ID,
      }),
    ]);
  }

  it('creates one lead with the number and one open call activity on it for the agent', async () => {
    const on = await startAgent({ missed: true });
    const number = unknownNumbers[0]!;
    await on.reportAccepted(call('missed', number).facts);
    await on.synced();
    await expectOneLeadWithItsCall(number);
  });

  it('creates nothing when the setting is off, when the call was answered, or with incoming leads on', async () => {
    const number = unknownNumbers[1]!;
    let on = await startAgent({ missed: false });
    await on.reportAccepted(call('missed', number).facts);
    await on.synced();
    await on.close();
    on = await startAgent({ missed: true });
    await on.reportAccepted(call('answered-incoming', number).facts);
    await on.synced();
    expect(await leadsFor(number)).toEqual([]);
    await on.close();
    // With incoming on, Bitrix24 made the lead at the register: the app adds no second one.
    on = await startAgent({ missed: true, incoming: true });
    await on.reportAccepted(call('missed', unknownNumbers[2]!).facts);
    await on.synced();
    expect(await leadsFor(unknownNumbers[2]!)).toHaveLength(1);
    expect(await addedActivities()).toEqual([]);
  });

  it('creates nothing for a number the CRM knows, also when it became known after the register', async () => {
    const on = await startAgent({ missed: true });
    const crmBefore = (await portal.crm()).length;
    await on.reportAccepted(call('missed', crmNumbers[0]!).facts);
    await on.synced();
    const number = unknownNumbers[0]!;
    const late = call('missed', number);
    await on.reportAccepted(late.facts.slice(0, 1));
    await on.until(
      'the register',
      () => portal.calls(),
      (calls) => calls.length === 2,
    );
    // Someone enters the caller in the CRM while the phone rings.
    const { access_token: token } = await portal.tokens(me);
    const added = await fetch(`${portal.url}/rest/crm.lead.add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: token, fields: { TITLE: 'Entered by hand', PHONE: [{ VALUE: number }] } }),
    });
    expect(added.status).toBe(200);
    await on.reportAccepted(late.facts.slice(1));
    await on.synced();
    expect((await portal.crm()).length).toBe(crmBefore + 1);
    expect(await addedActivities()).toEqual([]);
  });

  it('a step repeated after its activity.add failed adds no second lead', async () => {
    const on = await startAgent({ missed: true });
    await portal.faults({ status500: { count: 1, methods: ['crm.activity.add'] } });
    const number = unknownNumbers[0]!;
    await on.reportAccepted(call('missed', number).facts);
    await on.synced();
    expect(await portal.requests('crm.activity.add')).toHaveLength(2);
    await expectOneLeadWithItsCall(number);
  });

  it('a step repeated after the answer of its lead.add was lost takes the lead that landed late', async () => {
    const on = await startAgent(
      { missed: true },
      // The portal carries the lead.add out after the app gave up on it, within the late window.
      { services: { bitrix: { timeoutMs: 300 }, outbox: { lateRequestMs: 2_000 } } },
    );
    await portal.faults({ delayMs: 1_000, methods: ['crm.lead.add'] });
    const number = unknownNumbers[0]!;
    await on.reportAccepted(call('missed', number).facts);
    await on.until(
      'the lead.add to time out',
      () => portal.requests('crm.lead.add'),
      (r) => r.length > 0,
    );
    await portal.clearFaults();
    await on.synced();
    expect(await portal.requests('crm.lead.add')).toHaveLength(1);
    await expectOneLeadWithItsCall(number);
  });
});
