import { afterEach, describe, expect, it } from 'vitest';
import { eventually, RelayRig } from './support/relay-rig';

/**
 * A transferred call stays one Bitrix24 call (relay/dispatch/transfer-handoffs.ts): the
 * transferring agent's app hands its CALL_ID to the target, whose app adopts it; a handoff nobody
 * took over is finished by the relay, once, under the transferring agent with the talk time until
 * the transfer. The portal emulator's records are the evidence.
 */

let rig: RelayRig;
afterEach(async () => {
  await rig?.close();
});

interface SandboxCall {
  CALL_ID: string;
  finish: Record<string, string> | null;
  finishRequests: unknown[];
}

const caller = '+74951234567';

async function start(adoptWithinMs = 60_000): Promise<RelayRig> {
  const started = await RelayRig.start({ relay: () => ({ transfers: { adoptWithinMs } }) });
  await started.install();
  return started;
}

/** Registers the call in the portal as the first agent's app does, and returns its CALL_ID. */
async function register(userId: number): Promise<string> {
  const tokens = await rig.sandbox<{ access_token: string }>('/_sandbox/tokens', { user_id: userId });
  const response = await fetch(`${rig.portalUrl}/rest/telephony.externalCall.register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth: tokens.access_token, USER_ID: userId, PHONE_NUMBER: caller, TYPE: 2 }),
  });
  return ((await response.json()) as { result: { CALL_ID: string } }).result.CALL_ID;
}

async function portalCall(callId: string): Promise<SandboxCall | undefined> {
  return (await rig.sandbox<{ calls: SandboxCall[] }>('/_sandbox/calls')).calls.find(
    (call) => call.CALL_ID === callId,
  );
}

const handOff = (callId: string, targetUserId: number) => ({
  callId,
  targetUserId,
  caller,
  answeredAt: 1_000,
  talkSeconds: 12,
});

describe('transfer handoffs', () => {
  it('lets only the target adopt the call, once, and the relay finishes nothing the target took', async () => {
    rig = await start();
    const [anna, boris, carla] = [await rig.agent(2), await rig.agent(3), await rig.agent(4)];
    const callId = await register(2);
    expect(await anna.request('transfer/hand-off', handOff(callId, 3))).toEqual({ ok: true });

    expect(await carla.request('transfer/adopt', { caller })).toEqual({});
    expect(await boris.request('transfer/adopt', { caller: '+74950000001' })).toEqual({});
    expect(await boris.request('transfer/adopt', { caller })).toEqual({ callId, answeredAt: 1_000 });
    expect(await boris.request('transfer/adopt', { caller })).toEqual({});
    // Only the adopter can give it back.
    expect(await carla.request('transfer/left', { callId })).toEqual({ ok: false });

    // Adopted: the target's app finishes it; the relay owes nothing.
    expect(await rig.stores.handoffs.due(Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect((await portalCall(callId))?.finishRequests).toEqual([]);
  });

  it('waits for a handoff that comes after the transferred call began ringing', async () => {
    rig = await start();
    const [anna, boris] = [await rig.agent(2), await rig.agent(3)];
    const callId = await register(2);
    const adoption = boris.request('transfer/adopt', { caller, waitMs: 5_000 });
    await anna.request('transfer/hand-off', handOff(callId, 3));
    expect(await adoption).toEqual({ callId, answeredAt: 1_000 });
  });

  it('finishes once, under the transferring agent, a call whose target left it unanswered', async () => {
    rig = await start();
    const [anna, boris] = [await rig.agent(2), await rig.agent(3)];
    const callId = await register(2);
    await anna.request('transfer/hand-off', handOff(callId, 3));
    await boris.request('transfer/adopt', { caller });
    expect(await boris.request('transfer/left', { callId })).toEqual({ ok: true });
    expect(await boris.request('transfer/left', { callId })).toEqual({ ok: false });

    const finished = await eventually(
      () => portalCall(callId),
      (call) => call?.finish !== null,
    );
    expect(finished?.finish).toMatchObject({ USER_ID: '2', DURATION: '12', STATUS_CODE: '200' });
    await eventually(
      () => rig.stores.handoffs.due(Number.MAX_SAFE_INTEGER),
      (due) => due.length === 0,
    );
    expect((await portalCall(callId))?.finishRequests).toHaveLength(1);
  });

  it('finishes once a call nobody adopted in time, and a late adopter gets nothing', async () => {
    rig = await start(300);
    const anna = await rig.agent(2);
    const callId = await register(2);
    await anna.request('transfer/hand-off', handOff(callId, 3));

    const finished = await eventually(
      () => portalCall(callId),
      (call) => call?.finish !== null,
    );
    expect(finished?.finish).toMatchObject({ USER_ID: '2', DURATION: '12', STATUS_CODE: '200' });
    const boris = await rig.agent(3);
    expect(await boris.request('transfer/adopt', { caller })).toEqual({});
    expect((await portalCall(callId))?.finishRequests).toHaveLength(1);
  });
});
