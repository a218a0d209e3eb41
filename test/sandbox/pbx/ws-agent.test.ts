import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SessionState, type Invitation } from 'sip.js';
import type { PbxRig } from '../../../sandbox/pbx/rig';
import { placeCall } from '../../../sandbox/pbx/sipp';
import { startWsAgent, type WsAgent } from '../../../sandbox/pbx/ws-agent';
import { waitInTest } from '../../support/wait-in-test';
import { startRigForTest } from '../../support/pbx-rig';

/** Longer than the hunt group rings one member (HUNT_RING_MS), far shorter than fr_inv_timer. */
const huntStepMs = 15_000;

/** Agents over WebSocket: registration, and calls from the outside world routed to them. */
describe('WebSocket agents on the PBX', () => {
  let rig: PbxRig;
  const agents: WsAgent[] = [];

  const agent = async (extension: string, onInvite?: (invitation: Invitation) => void): Promise<WsAgent> => {
    const started = await startWsAgent({ rig, extension, ...(onInvite ? { onInvite } : {}) });
    agents.push(started);
    return started;
  };
  const busy = (invitation: Invitation): void => void invitation.reject({ statusCode: 486 });

  beforeAll(async () => {
    rig = await startRigForTest('ws-agent');
  });

  afterEach(async () => {
    await Promise.all(agents.splice(0).map((started) => started.stop()));
  });

  afterAll(async () => {
    await rig?.stop();
  });

  it('registers an extension, shown by registrations(), and unregisters it on stop', async () => {
    const first = await agent('101');
    const registrations = await rig.registrations();
    expect(registrations).toHaveLength(1);
    expect(registrations[0]?.aor).toBe('101');
    expect(registrations[0]?.contact).toMatch(/^sip:.+\.invalid;transport=ws$/);
    expect(registrations[0]?.expires).toBeGreaterThan(0);

    await first.stop();
    agents.splice(0);
    await rig.waitForNoRegistration('101');
  });

  it('refuses a wrong password (401) and a non-extension (403)', async () => {
    await expect(
      startWsAgent({ rig, extension: '102', userAgentOptions: { authorizationPassword: 'wrong' } }),
    ).rejects.toThrow(/refused: 401/);
    await expect(startWsAgent({ rig, extension: '555' })).rejects.toThrow(/refused: 403/);
    expect(await rig.registrations()).toEqual([]);
  });

  it('routes a call from sipp to the registered agent with its Call-ID, caller and headers', async () => {
    const reached = await agent('101', busy);
    const call = await placeCall({
      rig,
      to: '101',
      from: '89161234567',
      headers: { 'X-PBX-Call-ID': 'pbx-42', 'X-Line': '74950001122' },
    });

    const invitation = await reached.waitForInvitation();
    expect(invitation.request.callId).toBe(call.callId);
    expect(invitation.remoteIdentity.uri.user).toBe('89161234567');
    expect(invitation.request.getHeader('X-PBX-Call-ID')).toBe('pbx-42');
    expect(invitation.request.getHeader('X-Line')).toBe('74950001122');
    expect((await call.done).timeline.final?.status).toBe(486);
  });

  it('forks to every device registered for one extension, with the same Call-ID', async () => {
    const desk = await agent('101', busy);
    const laptop = await agent('101', busy);
    expect((await rig.registrations()).filter(({ aor }) => aor === '101')).toHaveLength(2);

    const call = await placeCall({ rig, to: '101' });
    const [onDesk, onLaptop] = await Promise.all([desk.waitForInvitation(), laptop.waitForInvitation()]);
    expect(onDesk.request.callId).toBe(call.callId);
    expect(onLaptop.request.callId).toBe(call.callId);
    expect((await call.done).timeline.final?.status).toBe(486);
  });

  it('rings 101 and 102 for the ring group 600', async () => {
    const first = await agent('101', busy);
    const second = await agent('102', busy);
    const call = await placeCall({ rig, to: '600' });
    const invitations = await Promise.all([first.waitForInvitation(), second.waitForInvitation()]);
    expect(invitations.map((invitation) => invitation.request.callId)).toEqual([call.callId, call.callId]);
    expect((await call.done).timeline.final?.status).toBe(486);
  });

  it('moves the hunt group 602 on from a member who rings and never answers', async ({ signal }) => {
    const ringsOn = await agent('101', (invitation) => void invitation.progress());
    const declines = await agent('102', busy);
    const call = await placeCall({ rig, to: '602' });
    const unanswered = await ringsOn.waitForInvitation();
    // The PBX rings a member HUNT_RING_MS (4 s in kamailio.cfg): 102 is invited long before the
    // 30 s of fr_inv_timer that would end a member's branch whose ring time was not applied.
    const next = await declines.waitForInvitation(huntStepMs);
    expect(next.request.callId).toBe(call.callId);
    // The CANCEL to 101 and the INVITE to 102 leave together: either may arrive first.
    await waitInTest(
      '101’s ringing branch to be cancelled',
      () => unanswered.state,
      (state) => state === SessionState.Terminated,
      signal,
    );
    // 103 is not registered: past the last member the caller gets 480.
    expect((await call.done).timeline.final?.status).toBe(480);
  });

  it('answers 480 for the ring group when nobody of it is registered', async () => {
    const result = await (await placeCall({ rig, to: '600' })).done;
    expect(result.timeline.final?.status).toBe(480);
  });
});
