import { afterEach, describe, expect, it } from 'vitest';
import { RelayRig } from '../relay/support/relay-rig';

let rig: RelayRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const refusedAsStranger = {
  t: 'response',
  ok: false,
  error: { code: 'forbidden', message: 'This call did not ring for you' },
};

describe('ring-group notices from agents the call did not ring for', () => {
  it('refuses their answer, and the members keep ringing until one of them answers', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const boris = await rig.agent(2);
    const carla = await rig.agent(3);
    const stranger = await rig.agent(4);
    const externalCallId = 'pbx-1773130778.18442';
    expect((await boris.request('ring/claim', { externalCallId })).role).toBe('claimant');
    expect((await carla.request('ring/claim', { externalCallId })).role).toBe('member');
    await boris.request('ring/registered', { externalCallId, callId: 'externalCall.ring.1' });
    await carla.waitForNotice('ring-call-id');

    // Another agent of the portal, never offered the call, says it answered.
    expect(await stranger.rawRequest('ring/answered', { externalCallId })).toMatchObject(refusedAsStranger);

    // Positive control: a genuine member answers; the other member hears of that answer, and of
    // nothing before it (notices arrive in order on its socket).
    expect(await carla.request('ring/answered', { externalCallId })).toEqual({
      first: true,
      callId: 'externalCall.ring.1',
    });
    const answered = await boris.waitForNotice('ring-answered-elsewhere');
    expect(answered.answeredBy).toBe(3);
    expect(boris.notices.filter((notice) => notice.kind === 'ring-answered-elsewhere')).toHaveLength(1);
    expect(carla.notices.filter((notice) => notice.kind === 'ring-answered-elsewhere')).toEqual([]);
  });

  it('does not make a claim after the answer a member, nor a claim of a call nobody claimed an answer', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const boris = await rig.agent(2);
    const stranger = await rig.agent(4);
    const externalCallId = 'pbx-1773130778.18443';
    expect(await stranger.rawRequest('ring/answered', { externalCallId: 'pbx-never-rang' })).toMatchObject(
      refusedAsStranger,
    );

    expect((await boris.request('ring/claim', { externalCallId })).role).toBe('claimant');
    expect(await boris.request('ring/answered', { externalCallId })).toEqual({ first: true });
    // A late claim learns who answered (a member whose INVITE came late stops ringing)...
    expect(await stranger.request('ring/claim', { externalCallId })).toMatchObject({
      role: 'member',
      answeredBy: 2,
    });
    // ...but joins nothing: it cannot answer, and is told of nothing.
    expect(await stranger.rawRequest('ring/answered', { externalCallId })).toMatchObject(refusedAsStranger);
    await boris.request('ring/registered', { externalCallId, callId: 'externalCall.ring.2' });
    expect(await boris.request('ring/answered', { externalCallId })).toEqual({
      first: true,
      callId: 'externalCall.ring.2',
    });
    expect(stranger.notices.filter((notice) => notice.kind.startsWith('ring'))).toEqual([]);
  });
});
