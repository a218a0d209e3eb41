import { afterEach, describe, expect, it } from 'vitest';
import { eventually, RelayRig } from './support/relay-rig';

/**
 * The relay judges a ring-group call missed (relay/dispatch/ring-groups.ts): only once every
 * member's leg ended unanswered, and then it finishes it once, under the portal's responsible user.
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

const responsibleUserId = 1;

function startWithResponsibleUser(): Promise<RelayRig> {
  return RelayRig.start({
    relay: (portalUrl) => ({
      ringGroups: { missedAfterMs: 200, responsibleUsers: { [new URL(portalUrl).host]: responsibleUserId } },
    }),
  });
}

/** Registers the call in the portal as the claimant's app does, and returns its CALL_ID. */
async function register(rig: RelayRig, userId: number): Promise<string> {
  const tokens = await rig.sandbox<{ access_token: string }>('/_sandbox/tokens', { user_id: userId });
  const response = await fetch(`${rig.portalUrl}/rest/telephony.externalCall.register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: tokens.access_token,
      USER_ID: userId,
      PHONE_NUMBER: '+74951234567',
      TYPE: 2,
    }),
  });
  return ((await response.json()) as { result: { CALL_ID: string } }).result.CALL_ID;
}

async function portalCall(rig: RelayRig, callId: string): Promise<SandboxCall | undefined> {
  return (await rig.sandbox<{ calls: SandboxCall[] }>('/_sandbox/calls')).calls.find(
    (call) => call.CALL_ID === callId,
  );
}

describe('ring groups: missed calls', () => {
  it('finishes a call every member left unanswered once, as missed, under the responsible user', async () => {
    rig = await startWithResponsibleUser();
    await rig.install();
    // The responsible user is not a member: signed in elsewhere, the relay tells them all the same.
    const responsible = await rig.agent(responsibleUserId);
    const boris = await rig.agent(2);
    const carla = await rig.agent(3);
    const externalCallId = 'pbx-missed-1';
    expect((await boris.request('ring/claim', { externalCallId })).role).toBe('claimant');
    expect((await carla.request('ring/claim', { externalCallId })).role).toBe('member');
    const callId = await register(rig, 2);
    await boris.request('ring/registered', { externalCallId, callId });

    expect(await boris.request('ring/left', { externalCallId })).toEqual({ ok: true });
    // One member still rings: nothing is missed yet.
    expect(await rig.stores.ringClaims.missed(Number.MAX_SAFE_INTEGER, 0)).toEqual([]);
    expect(await carla.request('ring/left', { externalCallId })).toEqual({ ok: true });

    const finished = await eventually(
      () => portalCall(rig, callId),
      (call) => call?.finish !== null,
    );
    expect(finished?.finish).toMatchObject({ USER_ID: String(responsibleUserId), STATUS_CODE: '304' });
    expect(finished?.finishRequests).toHaveLength(1);
    // Bitrix24 tells the responsible user in chat, and the relay tells that user's app.
    const chat = await rig.sandbox<{ messages: { userId: number; CALL_ID: string; text: string }[] }>(
      '/_sandbox/chat',
    );
    expect(chat.messages).toEqual([
      expect.objectContaining({
        userId: responsibleUserId,
        CALL_ID: callId,
        text: 'Missed call from +74951234567',
      }),
    ]);
    expect(await responsible.waitForNotice('missed-call')).toMatchObject({
      callId,
      phoneNumber: '+74951234567',
    });
    // The members heard of no missed call: it is the responsible user's.
    expect([...boris.notices, ...carla.notices].some((notice) => notice.kind === 'missed-call')).toBe(false);
    // The relay notes the finish once Bitrix24 has answered it: no longer a missed call to finish.
    await eventually(
      () => rig.stores.ringClaims.missed(Number.MAX_SAFE_INTEGER, 0),
      (missed) => missed.length === 0,
    );
  });

  it('finishes as missed a call whose member never said its leg ended, once it rang longer than maxRingMs', async () => {
    rig = await RelayRig.start({
      relay: (portalUrl) => ({
        ringGroups: { maxRingMs: 300, responsibleUsers: { [new URL(portalUrl).host]: responsibleUserId } },
      }),
    });
    await rig.install();
    const boris = await rig.agent(2);
    const externalCallId = 'pbx-app-died-1';
    await boris.request('ring/claim', { externalCallId });
    const callId = await register(rig, 2);
    await boris.request('ring/registered', { externalCallId, callId });

    const finished = await eventually(
      () => portalCall(rig, callId),
      (call) => call?.finish !== null,
    );
    expect(finished?.finish).toMatchObject({ USER_ID: String(responsibleUserId), STATUS_CODE: '304' });
  });

  it('never declares missed a call a member answered, nor takes the word of one it did not ring for', async () => {
    rig = await startWithResponsibleUser();
    await rig.install();
    const boris = await rig.agent(2);
    const carla = await rig.agent(3);
    const stranger = await rig.agent(4);
    const externalCallId = 'pbx-answered-1';
    await boris.request('ring/claim', { externalCallId });
    await carla.request('ring/claim', { externalCallId });
    await boris.request('ring/registered', { externalCallId, callId: await register(rig, 2) });

    expect(await stranger.request('ring/left', { externalCallId })).toEqual({ ok: false });
    await boris.request('ring/left', { externalCallId });
    await carla.request('ring/answered', { externalCallId });
    await carla.request('ring/left', { externalCallId });
    expect(await rig.stores.ringClaims.missed(Number.MAX_SAFE_INTEGER, 0)).toEqual([]);
  });
});
