import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { portalProblems, scenarios, script, type ExpectedCall } from '../support/call-scripts';
import { startSandboxPortal, type SandboxPortal } from '../support/sandbox-portal';
import { TestAgent } from '../support/test-agent';

// A zone with a half-hour offset: CALL_START_DATE must carry it, and the portal must read the same instant.
process.env.TZ = 'Asia/Kolkata';

/** Every flow of docs/ARCHITECTURE.md#the-flows reaches the emulator as the lifecycle says, with no fault. */
describe('outbox: every call scenario against the portal emulator', () => {
  let portal: SandboxPortal;
  let agent: TestAgent;
  const me = 2;

  beforeAll(async () => {
    portal = await startSandboxPortal();
  });
  afterAll(async () => {
    await portal.close();
  });
  beforeEach(async () => {
    await portal.reset();
    agent = new TestAgent({
      tokens: await portal.tokens(me),
      settings: { defaultLineNumber: '74951230000' },
    });
    return () => agent.close();
  });

  it('delivers each scenario exactly once with the right start, duration and status', async () => {
    const base = Date.now() - 3_600_000;
    const calls = scenarios.map((scenario, index) =>
      script({
        scenario,
        callKey: `scenario-${index}`,
        userId: me,
        number: index % 2 ? '+79161234567' : '+79990001122',
        ringingAt: base + index * 120_000,
      }),
    );
    for (const call of calls) {
      for (const fact of call.facts) expect(await agent.report(fact)).toEqual({ accepted: true });
    }
    await agent.synced();
    expect(
      await portalProblems(
        portal,
        calls.map((call) => call.expected),
      ),
    ).toEqual([]);
    const transferred = (await portal.calls()).find(
      (call) => call.register.EXTERNAL_CALL_ID === 'scenario-8@sip.test',
    );
    expect(transferred?.finish?.DURATION).toBe('61');
  });

  it('finishes a click-to-call on the CALL_ID Bitrix24 gave it, never registering again', async () => {
    const { CALL_ID } = await portal.clickToCall(me, '+79265550011');
    const at = Date.now() - 60_000;
    const origin = { kind: 'click-to-call' as const, callId: CALL_ID, callListId: 3 };
    await agent.report({
      type: 'ringing',
      callKey: 'c2c',
      direction: 'outgoing',
      sipCallId: 'c2c@sip',
      remoteNumber: '+79265550011',
      origin,
      at,
    });
    await agent.report({ type: 'answered', callKey: 'c2c', at: at + 5_000 });
    await agent.report({
      type: 'ended',
      callKey: 'c2c',
      reason: { kind: 'hangup', by: 'local' },
      at: at + 35_000,
    });
    await agent.synced();
    const expected: ExpectedCall = {
      label: 'click-to-call',
      presetCallId: CALL_ID,
      userId: me,
      phoneNumber: '+79265550011',
      type: 1,
      callStartDate: '',
      finish: { DURATION: 30, STATUS_CODE: '200' },
      activity: true,
    };
    expect(await portalProblems(portal, [expected])).toEqual([]);
    expect(await portal.requests('telephony.externalCall.register')).toEqual([]);
  });

  it('shows a transferred call to its target and hides it for us', async () => {
    const at = Date.now() - 60_000;
    await agent.report({
      type: 'ringing',
      callKey: 't',
      direction: 'incoming',
      sipCallId: 't@sip',
      remoteNumber: '+79990003344',
      at,
    });
    await agent.report({ type: 'answered', callKey: 't', at: at + 2_000 });
    await agent.report({
      type: 'transferred',
      callKey: 't',
      target: { number: '102', userId: 3 },
      at: at + 12_000,
    });
    await agent.until(
      'the transfer delivered',
      () => agent.history(),
      ([call]) => call?.sync.state === 'synced',
    );
    const [call] = await portal.calls();
    expect(call?.cardsShownTo).toEqual([3]);
    await agent.report({
      type: 'ended',
      callKey: 't',
      reason: { kind: 'hangup', by: 'remote' },
      at: at + 13_000,
    });
    await agent.synced();
    const [finished] = await portal.calls();
    expect(finished?.finish).toMatchObject({ DURATION: '10', STATUS_CODE: '200', USER_ID: '2' });
  });
});
