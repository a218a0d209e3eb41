import { afterEach, describe, expect, it } from 'vitest';
import { RelayRig, routeToken } from './support/relay-rig';

let rig: RelayRig;
afterEach(async () => {
  await rig?.close();
});

const route = (rig: RelayRig, query: string, token = routeToken) =>
  fetch(`${rig.relayUrl}/route?${query}`, { headers: { authorization: `Bearer ${token}` } });

describe('route to the responsible manager', () => {
  it("answers the responsible user's extension for a known number, however it is written", async () => {
    rig = await RelayRig.start();
    await rig.install();
    // The seed's contact with +7 (916) 123-45-67 is assigned to user 2 (extension 101).
    const json = await route(rig, 'phone=89161234567');
    expect(await json.json()).toMatchObject({ extension: '101', source: 'crm', userId: 2 });
    const text = await route(rig, `phone=${encodeURIComponent('+7 916 123-45-67')}&format=text`);
    expect(await text.text()).toBe('101');
  });

  it('answers the fallback for an unknown number and caches look-ups', async () => {
    rig = await RelayRig.start();
    await rig.install();
    expect(await (await route(rig, 'phone=%2B442071234567')).json()).toEqual({
      extension: '100',
      source: 'fallback',
    });
    const before = await rig.sandbox<{ requests: unknown[] }>(
      '/_sandbox/requests?method=telephony.externalCall.searchCrmEntities',
    );
    await route(rig, 'phone=%2B442071234567');
    const after = await rig.sandbox<{ requests: unknown[] }>(
      '/_sandbox/requests?method=telephony.externalCall.searchCrmEntities',
    );
    expect(after.requests.length).toBe(before.requests.length);
  });

  it('falls back to the group while the responsible manager is not at work (TIMEMAN_STATUS), and routes to them once back', async () => {
    let clock = Date.now();
    rig = await RelayRig.start({ now: () => clock });
    await rig.install();
    const workday = (userId: number, status: 'OPENED' | 'PAUSED' | 'CLOSED') => {
      const user = rig.portal.portal.data.users.find((candidate) => candidate.ID === userId);
      user!.TIMEMAN_STATUS = status;
    };
    // Contact 3 (903 111-22-33) belongs to Dmitry (user 4, extension 103), who is on a break.
    expect(await (await route(rig, 'phone=89031112233')).json()).toEqual({
      extension: '100',
      source: 'fallback',
      crmEntityType: 'CONTACT',
      crmEntityId: 3,
      away: { userId: 4, timemanStatus: 'PAUSED' },
    });
    // Positive control: Boris (user 2) is at work and gets his contact's call.
    expect(await (await route(rig, 'phone=89161234567')).json()).toMatchObject({
      extension: '101',
      source: 'crm',
      userId: 2,
    });

    // Dmitry is back and Boris ends his day: within a minute (route.workdayTtlMs) the routes follow.
    workday(4, 'OPENED');
    workday(2, 'CLOSED');
    clock += 60_001;
    expect(await (await route(rig, 'phone=89031112233')).json()).toMatchObject({
      extension: '103',
      source: 'crm',
      userId: 4,
    });
    expect(await (await route(rig, 'phone=89161234567')).json()).toMatchObject({
      extension: '100',
      source: 'fallback',
      away: { userId: 2, timemanStatus: 'CLOSED' },
    });
    // What the relay decided on is what the portal answered it.
    const { requests } = await rig.sandbox<{ requests: { status: number }[] }>(
      '/_sandbox/requests?method=telephony.externalCall.searchCrmEntities',
    );
    expect(requests.map((request) => request.status)).toEqual([200, 200, 200, 200]);
  });

  it('refuses callers without the route token', async () => {
    rig = await RelayRig.start();
    await rig.install();
    expect((await route(rig, 'phone=89161234567', 'wrong-token-0123456789')).status).toBe(401);
    expect((await fetch(`${rig.relayUrl}/route?phone=89161234567`)).status).toBe(401);
  });
});
