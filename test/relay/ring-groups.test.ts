import { afterEach, describe, expect, it } from 'vitest';
import { RelayRig } from './support/relay-rig';

let rig: RelayRig;
afterEach(async () => {
  await rig?.close();
});

describe('ring groups', () => {
  it('makes the first claimant register, shares its CALL_ID and tells the loser who answered', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const boris = await rig.agent(2);
    const carla = await rig.agent(3);
    const outsider = await rig.agent(4);
    const externalCallId = 'pbx-1773130778.18441';

    const [first, second] = await Promise.all([
      boris.request('ring/claim', { externalCallId }),
      carla.request('ring/claim', { externalCallId }),
    ]);
    expect([first.role, second.role].sort()).toEqual(['claimant', 'member']);
    const [claimant, member] = first.role === 'claimant' ? [boris, carla] : [carla, boris];

    expect(
      await claimant.request('ring/registered', { externalCallId, callId: 'externalCall.abc.1' }),
    ).toEqual({
      ok: true,
    });
    await member.waitForNotice('ring-call-id', (notice) => notice.callId === 'externalCall.abc.1');
    // Only the claimant may say what the CALL_ID is.
    expect(
      await member.request('ring/registered', { externalCallId, callId: 'externalCall.forged.1' }),
    ).toEqual({
      ok: false,
    });

    expect(await member.request('ring/answered', { externalCallId })).toEqual({
      first: true,
      callId: 'externalCall.abc.1',
    });
    const notice = await claimant.waitForNotice('ring-answered-elsewhere');
    expect(notice).toMatchObject({ externalCallId, callId: 'externalCall.abc.1' });
    expect(notice.answeredBy).toBe(member === boris ? 2 : 3);
    expect(await claimant.request('ring/answered', { externalCallId })).toMatchObject({ first: false });

    expect(outsider.notices.filter((n) => n.kind.startsWith('ring'))).toEqual([]);
    // A late claimant learns everything from its claim.
    expect(await outsider.request('ring/claim', { externalCallId })).toMatchObject({
      role: 'member',
      callId: 'externalCall.abc.1',
    });
  });

  it('answers a member who claims again with the claim as it is, and changes nothing', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const boris = await rig.agent(2);
    const carla = await rig.agent(3);
    const externalCallId = 'pbx-claimed-again';
    const callId = 'externalCall.again.1';
    expect(await boris.request('ring/claim', { externalCallId })).toEqual({ role: 'claimant' });
    expect(await carla.request('ring/claim', { externalCallId })).toEqual({ role: 'member' });
    expect(await carla.request('ring/claim', { externalCallId })).toEqual({ role: 'member' });
    // Still Boris's to register.
    expect(
      await carla.request('ring/registered', { externalCallId, callId: 'externalCall.forged.2' }),
    ).toEqual({ ok: false });
    expect(await boris.request('ring/registered', { externalCallId, callId })).toEqual({ ok: true });
    // Boris's app sends it again (it never heard back), then, registered twice, another one: the
    // first stays, and the members are told it each time.
    expect(await boris.request('ring/registered', { externalCallId, callId })).toEqual({ ok: true });
    expect(
      await boris.request('ring/registered', { externalCallId, callId: 'externalCall.again.2' }),
    ).toEqual({ ok: false });
    const callIdsTold = () => carla.notices.flatMap((n) => (n.kind === 'ring-call-id' ? [n.callId] : []));
    await carla.waitFor(() => callIdsTold().length === 3);
    expect(callIdsTold()).toEqual([callId, callId, callId]);
    // Carla's app, connected again after the CALL_ID was sent, asks again.
    expect(await carla.request('ring/claim', { externalCallId })).toEqual({ role: 'member', callId });
    expect(await carla.request('ring/answered', { externalCallId })).toEqual({ first: true, callId });
    expect(await carla.request('ring/claim', { externalCallId })).toEqual({
      role: 'member',
      callId,
      answeredBy: 3,
    });
    expect(await boris.request('ring/claim', { externalCallId })).toEqual({
      role: 'claimant',
      callId,
      answeredBy: 3,
    });
    // A repeated answer is the same answer.
    expect(await carla.request('ring/answered', { externalCallId })).toEqual({ first: true, callId });
    expect(await boris.request('ring/answered', { externalCallId })).toEqual({ first: false, callId });
  });

  it('gives the CALL_ID to a member who answered before the claimant registered', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const boris = await rig.agent(2);
    const carla = await rig.agent(3);
    const externalCallId = 'pbx-early-answer';
    expect((await boris.request('ring/claim', { externalCallId })).role).toBe('claimant');
    expect((await carla.request('ring/claim', { externalCallId })).role).toBe('member');
    expect(await carla.request('ring/answered', { externalCallId })).toEqual({ first: true });
    await boris.request('ring/registered', { externalCallId, callId: 'externalCall.late.1' });
    await carla.waitForNotice('ring-call-id', (notice) => notice.callId === 'externalCall.late.1');
  });
});
