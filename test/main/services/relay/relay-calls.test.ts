import { afterEach, describe, expect, it } from 'vitest';
import { PortalClient, type SandboxCall } from '../../../../sandbox/portal/sandbox-client';
import { eventually, RelayRig, type RigOptions } from '../../../relay/support/relay-rig';
import {
  callerGaveUp,
  closeRelayHostAgents,
  customer,
  customerRinging,
  relayHostAgent,
  type RelayHostAgent as Agent,
  type RelayHostAgentOptions,
} from '../support/relay-host-agent';

/**
 * The agent's host services (journal, outbox, tracker, relay link) signed in through the relay,
 * fed the SIP facts a phone would report: what Bitrix24 (the emulator) ends up with.
 */

let rig: RelayRig;
afterEach(async () => {
  await closeRelayHostAgents();
  await rig?.close();
});

const agent = (userId: number, options?: RelayHostAgentOptions) => relayHostAgent(rig, userId, options);

const portalCalls = (rig: RelayRig) => new PortalClient(rig.portalUrl).calls();

async function settled(rig: RelayRig, match: (call: SandboxCall) => boolean): Promise<SandboxCall> {
  const calls = await eventually(
    () => portalCalls(rig),
    (all) => all.some((call) => match(call) && call.finish !== null),
  );
  return calls.find(match) as SandboxCall;
}

/** The relay with the app installed on its portal (the rig the afterEach closes). */
async function startInstalledRig(options?: RigOptions): Promise<void> {
  rig = await RelayRig.start(options);
  await rig.install();
}

/**
 * Boris (2) and Carla (3) in a ring group: the PBX forks one customer call (`sipCallId`) to both
 * phones. Returns what their hosts answered and the call once the portal holds it, registered
 * once, with a card for each.
 */
async function ringGroupCall(boris: Agent, carla: Agent, sipCallId: string, at: number) {
  const reported = await Promise.all([
    boris.report(customerRinging({ callKey: 'b-1', sipCallId, at })),
    carla.report(customerRinging({ callKey: 'c-1', sipCallId, at })),
  ]);
  const [registered] = await eventually(
    () => new PortalClient(rig.portalUrl).callsWithExternalId(sipCallId),
    (calls) => calls.length === 1 && calls[0]?.cardsShownTo.length === 2,
  );
  return { reported, registered: registered as SandboxCall };
}

describe('relay calls through the journal and the outbox', () => {
  it('click-to-call: dialled once, never registered again, the event’s CALL_ID finished by the agent', async () => {
    await startInstalledRig();
    const boris = await agent(2);
    const { CALL_ID } = await rig.sandbox<{ CALL_ID: string }>('/_sandbox/click-to-call', {
      user_id: 2,
      entity: { type: 'CONTACT', id: 1 },
    });
    const [dial] = await eventually(
      () => boris.seen('phone/command'),
      (commands) => commands.length === 1,
    );
    expect(dial).toMatchObject({ kind: 'dial' });
    const number = dial?.kind === 'dial' ? dial.number : '';
    const t0 = Date.now();
    const callKey = 'c2c-leg-1';
    await boris.report({
      type: 'ringing',
      callKey,
      direction: 'outgoing',
      sipCallId: 'sip-c2c-1',
      remoteNumber: number,
      at: t0,
    });
    await boris.report({ type: 'answered', callKey, at: t0 + 2_000 });
    await boris.report({ type: 'ended', callKey, reason: { kind: 'hangup', by: 'remote' }, at: t0 + 62_000 });

    const call = await settled(rig, (candidate) => candidate.CALL_ID === CALL_ID);
    expect(call.finish).toMatchObject({ USER_ID: '2', STATUS_CODE: '200', DURATION: '60' });
    expect(call.finishRequests).toHaveLength(1);
    // The only registration is Bitrix24's own, from the click.
    expect(
      (await portalCalls(rig)).filter((candidate) => candidate.register['USER_ID'] === '2'),
    ).toHaveLength(1);
  });

  it('an app restarted on its profile reconnects without a new sign-in and dials the click made meanwhile', async () => {
    await startInstalledRig({ relay: { clickToCall: { acceptTimeoutMs: 10_000 } } });
    const before = await agent(2);
    await before.host.close();
    const { CALL_ID } = await rig.sandbox<{ CALL_ID: string }>('/_sandbox/click-to-call', {
      user_id: 2,
      phone: '+79161234567',
    });
    const after = await agent(2, { keptProfile: before.profileDir });
    expect((await after.host.handlers['status/get']()).relay).toMatchObject({
      state: 'connected',
      userId: 2,
    });
    const [dial] = await eventually(
      () => after.seen('phone/command'),
      (commands) => commands.length === 1,
    );
    expect(dial).toEqual({ kind: 'dial', number: '+79161234567', lineNumber: '74950001122' });
    expect(after.seen('relay/dial')).toEqual([expect.objectContaining({ origin: 'click-to-call' })]);
    expect((await portalCalls(rig)).find((call) => call.CALL_ID === CALL_ID)?.finish).toBeNull();
  });

  it('callback: accepted, registered as TYPE 4 with the CRM entity and line, finished, gone from the queue', async () => {
    await startInstalledRig();
    const carla = await agent(3);
    await rig.sandbox('/_sandbox/callback-form', { phone: '+79031112233', text: 'About my order' });
    const [offer] = await eventually(
      () => carla.seen('relay/callback-offer'),
      (offers) => offers.length === 1,
    );
    expect(await carla.host.handlers['relay/accept-callback'](offer?.id ?? '')).toEqual({ outcome: 'yours' });
    const dial = carla.seen('phone/command')[0];
    const number = dial?.kind === 'dial' ? dial.number : '';
    expect(number).toBe('+79031112233');
    const t0 = Date.now();
    await carla.report({
      type: 'ringing',
      callKey: 'cb-1',
      direction: 'outgoing',
      sipCallId: 'sip-cb-1',
      remoteNumber: number,
      at: t0,
    });
    await carla.report({ type: 'answered', callKey: 'cb-1', at: t0 + 1_000 });
    await carla.report({
      type: 'ended',
      callKey: 'cb-1',
      reason: { kind: 'hangup', by: 'local' },
      at: t0 + 31_000,
    });

    const call = await settled(rig, (candidate) => candidate.register['EXTERNAL_CALL_ID'] === 'sip-cb-1');
    expect(call.register).toMatchObject({
      TYPE: '4',
      USER_ID: '3',
      CRM_ENTITY_TYPE: offer?.crmEntityType,
      CRM_ENTITY_ID: String(offer?.crmEntityId),
      LINE_NUMBER: '74950001122',
    });
    expect(call.finish).toMatchObject({ USER_ID: '3', STATUS_CODE: '200' });
    const [portal] = await rig.stores.portals.list();
    await eventually(
      () => rig.stores.callbacks.list(portal?.memberId ?? ''),
      (entries) => entries.length === 0,
    );
  });

  it('ring group: one registration, cards for both, hidden for the loser, finished by the winner', async () => {
    await startInstalledRig();
    const boris = await agent(2);
    const carla = await agent(3);
    const t0 = Date.now();
    const {
      reported: [first, second],
      registered,
    } = await ringGroupCall(boris, carla, 'fork-1', t0);
    expect(first.accepted && second.accepted).toBe(true);
    expect(registered?.cardsShownTo.sort()).toEqual([2, 3]);

    // Carla answers; the PBX cancels Boris's leg as completed elsewhere.
    await carla.report({ type: 'answered', callKey: 'c-1', at: t0 + 3_000 });
    await boris.report({
      type: 'ended',
      callKey: 'b-1',
      reason: { kind: 'caller-cancelled', completedElsewhere: true },
      at: t0 + 3_000,
    });
    await carla.report({
      type: 'ended',
      callKey: 'c-1',
      reason: { kind: 'hangup', by: 'remote' },
      at: t0 + 45_000,
    });

    const call = await settled(rig, (candidate) => candidate.register['EXTERNAL_CALL_ID'] === 'fork-1');
    expect(await new PortalClient(rig.portalUrl).callsWithExternalId('fork-1')).toHaveLength(1);
    expect(call.finish).toMatchObject({ USER_ID: '3', STATUS_CODE: '200', DURATION: '42' });
    expect(call.finishRequests).toHaveLength(1);
    expect(call.cardsShownTo).toEqual([]);
  });

  it('ring group missed by all: finished under the responsible user, whose app shows it as missed', async () => {
    const responsibleUserId = 4;
    await startInstalledRig({
      relay: (portalUrl) => ({
        ringGroups: {
          missedAfterMs: 200,
          responsibleUsers: { [new URL(portalUrl).host]: responsibleUserId },
        },
      }),
    });
    const responsible = await agent(responsibleUserId);
    const boris = await agent(2);
    const carla = await agent(3);
    const t0 = Date.now();
    await ringGroupCall(boris, carla, 'fork-missed-1', t0);
    // The caller gives up: the PBX cancels both legs.
    await callerGaveUp(
      [
        [boris, 'b-1'],
        [carla, 'c-1'],
      ],
      t0 + 20_000,
    );

    const call = await settled(
      rig,
      (candidate) => candidate.register['EXTERNAL_CALL_ID'] === 'fork-missed-1',
    );
    expect(call.finish).toMatchObject({ USER_ID: String(responsibleUserId), STATUS_CODE: '304' });
    // The portal tells the responsible user in chat.
    const chat = await new PortalClient(rig.portalUrl).chatMessages();
    expect(chat.filter((message) => message.CALL_ID === call.CALL_ID)).toEqual([
      expect.objectContaining({ userId: responsibleUserId, text: 'Missed call from +79161234567' }),
    ]);
    // The responsible user's app has it in its history as a missed call, and told the agent.
    const [missed] = await eventually(
      async () =>
        (await responsible.host.handlers['calls/history']({ limit: 10 })).filter(
          (entry) => entry.callId === call.CALL_ID,
        ),
      (entries) => entries.length === 1,
    );
    expect(missed).toMatchObject({
      direction: 'incoming',
      origin: 'missed-group-call',
      remoteNumber: '+79161234567',
      phase: 'ended',
      statusCode: '304',
      sync: { state: 'synced' },
    });
    expect(responsible.seen('calls/missed')).toEqual([
      { callKey: missed?.callKey, remoteNumber: '+79161234567' },
    ]);
    // Nothing more reached Bitrix24 for it: the relay's finish is the only one.
    const after = await new PortalClient(rig.portalUrl).callsWithExternalId('fork-missed-1');
    expect(after[0]?.finishRequests).toHaveLength(1);
  });

  describe('transfer: one Bitrix24 call across the agents', () => {
    /** Boris answers a customer's call and blind-transfers it to Carla; Carla's leg then rings. */
    async function transferredToCarla(t0: number): Promise<{ boris: Agent; carla: Agent; callId: string }> {
      const boris = await agent(2);
      const carla = await agent(3);
      await boris.report(customerRinging({ callKey: 'b-1', sipCallId: 'leg-b', at: t0 }));
      await boris.report({ type: 'answered', callKey: 'b-1', at: t0 + 1_000 });
      const [registered] = await eventually(
        () => new PortalClient(rig.portalUrl).callsWithExternalId('leg-b'),
        (calls) => calls.length === 1,
      );
      const callId = (registered as SandboxCall).CALL_ID;
      // Boris's outbox has the CALL_ID once the journal shows it synced.
      await eventually(
        async () => (await boris.host.handlers['calls/history']({ limit: 1 }))[0]?.sync.state,
        (state) => state === 'synced',
      );
      const transferred = await boris.report({
        type: 'transferred',
        callKey: 'b-1',
        target: { number: '102', userId: 3 },
        at: t0 + 11_000,
      });
      expect(transferred.accepted).toBe(true);
      await boris.report({
        type: 'ended',
        callKey: 'b-1',
        reason: { kind: 'hangup', by: 'local' },
        at: t0 + 11_100,
      });
      // The transferred INVITE: a new SIP call from the same customer, naming its referrer.
      const carlaRinging = await carla.report(
        customerRinging({ callKey: 'c-1', sipCallId: 'leg-c', referred: true, at: t0 + 11_500 }),
      );
      expect(carlaRinging.accepted).toBe(true);
      return { boris, carla, callId };
    }

    it('the target adopts the CALL_ID; the call is finished once, by the target, with the talk time from the first answer', async () => {
      await startInstalledRig();
      const t0 = Date.now();
      const { carla, callId } = await transferredToCarla(t0);
      await eventually(
        () => new PortalClient(rig.portalUrl).calls(),
        (calls) => calls.find((call) => call.CALL_ID === callId)?.cardsShownTo.join() === '3',
      );
      await carla.report({ type: 'answered', callKey: 'c-1', at: t0 + 14_000 });
      await carla.report({
        type: 'ended',
        callKey: 'c-1',
        reason: { kind: 'hangup', by: 'remote' },
        at: t0 + 61_000,
      });

      const call = await settled(rig, (candidate) => candidate.CALL_ID === callId);
      expect(await portalCalls(rig)).toHaveLength(1);
      expect(call.registerRequests).toHaveLength(1);
      expect(call.finishRequests).toHaveLength(1);
      expect(call.finish).toMatchObject({ USER_ID: '3', STATUS_CODE: '200', DURATION: '60' });
      expect(call.cardsShownTo).toEqual([]);
    });

    it('transferred on by the target: still one call, finished once by the last agent, with the talk time from the first answer', async () => {
      await startInstalledRig();
      const t0 = Date.now();
      const { carla } = await transferredToCarla(t0);
      const dmitry = await agent(4);
      await carla.report({ type: 'answered', callKey: 'c-1', at: t0 + 14_000 });
      await carla.report({
        type: 'transferred',
        callKey: 'c-1',
        target: { number: '103', userId: 4 },
        at: t0 + 20_000,
      });
      await carla.report({
        type: 'ended',
        callKey: 'c-1',
        reason: { kind: 'hangup', by: 'local' },
        at: t0 + 20_100,
      });
      await dmitry.report({
        type: 'ringing',
        callKey: 'd-1',
        direction: 'incoming',
        sipCallId: 'leg-d',
        remoteNumber: customer,
        referred: true,
        at: t0 + 20_500,
      });
      await dmitry.report({ type: 'answered', callKey: 'd-1', at: t0 + 22_000 });
      await dmitry.report({
        type: 'ended',
        callKey: 'd-1',
        reason: { kind: 'hangup', by: 'remote' },
        at: t0 + 31_000,
      });

      const [call, ...others] = await eventually(
        () => portalCalls(rig),
        (calls) => calls.some((entry) => entry.finish !== null),
      );
      expect(others).toEqual([]);
      expect(call?.registerRequests).toHaveLength(1);
      expect(call?.finishRequests).toHaveLength(1);
      expect(call?.finish).toMatchObject({ USER_ID: '4', STATUS_CODE: '200', DURATION: '30' });
    });

    it('a target who does not answer gives it back: the relay finishes it once, for the first agent, with the talk time until the transfer', async () => {
      await startInstalledRig();
      const t0 = Date.now();
      const { carla, callId } = await transferredToCarla(t0);
      await carla.report({
        type: 'ended',
        callKey: 'c-1',
        reason: { kind: 'declined', sipCode: 603 },
        at: t0 + 20_000,
      });

      const call = await settled(rig, (candidate) => candidate.CALL_ID === callId);
      expect(await portalCalls(rig)).toHaveLength(1);
      expect(call.registerRequests).toHaveLength(1);
      expect(call.finishRequests).toHaveLength(1);
      expect(call.finish).toMatchObject({ USER_ID: '2', STATUS_CODE: '200', DURATION: '10' });
    });
  });
});
