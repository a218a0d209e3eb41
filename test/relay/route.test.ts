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

  it('refuses callers without the route token', async () => {
    rig = await RelayRig.start();
    await rig.install();
    expect((await route(rig, 'phone=89161234567', 'wrong-token-0123456789')).status).toBe(401);
    expect((await fetch(`${rig.relayUrl}/route?phone=89161234567`)).status).toBe(401);
  });
});
