import { afterEach, describe, expect, it } from 'vitest';
import type { CallbackOfferCommand } from '../../common/relay/hub-protocol';
import { eventually, RelayRig, sleep } from './support/relay-rig';

let rig: RelayRig;
afterEach(async () => {
  await rig?.close();
});

describe('callbacks', () => {
  it('offers a callback to one free agent at a time, longest idle first; a decline passes it on', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const boris = await rig.agent(2);
    await sleep(20);
    const carla = await rig.agent(3);
    const dnd = await rig.agent(4, { sipRegistered: true, busy: false, dnd: true });

    await rig.sandbox('/_sandbox/callback-form', { phone: '+79161234567', text: 'Call me about the order' });
    const first = (await boris.waitForCommand('callback-offer')) as CallbackOfferCommand;
    expect(first).toMatchObject({ phoneNumber: '+79161234567', text: 'Call me about the order' });
    expect(first.crmEntityType).toBe('CONTACT');
    await sleep(100);
    expect(carla.commands).toEqual([]);

    expect(await boris.request('command/decline', { commandId: first.id })).toEqual({ ok: true });
    const second = (await carla.waitForCommand('callback-offer')) as CallbackOfferCommand;
    expect(second.callbackId).toBe(first.callbackId);
    expect(await carla.request('command/accept', { commandId: second.id })).toEqual({ outcome: 'yours' });

    const queue = await boris.waitForNotice('callbacks', (notice) =>
      notice.callbacks.some((entry) => entry.state === 'accepted'),
    );
    expect(queue.callbacks).toEqual([expect.objectContaining({ state: 'accepted', assignedTo: 3 })]);
    expect(dnd.commands).toEqual([]);

    // Only the assignee can close it.
    const stolen = await boris.rawRequest('callback/done', { callbackId: first.callbackId });
    expect(stolen).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await carla.request('callback/done', { callbackId: first.callbackId })).toEqual({ ok: true });
    expect(await carla.request('callbacks/list', {})).toEqual({ callbacks: [] });
  });

  it('passes the offer on when it lapses, and waits in the queue while nobody is free', async () => {
    rig = await RelayRig.start({ relay: { callbacks: { offerTimeoutMs: 300, reofferAfterMs: 60_000 } } });
    await rig.install();
    const boris = await rig.agent(2);
    await rig.sandbox('/_sandbox/callback-form', { phone: '+79031112233' });
    const offer = (await boris.waitForCommand('callback-offer')) as CallbackOfferCommand;
    await boris.waitForNotice(
      'command-withdrawn',
      (notice) => notice.commandId === offer.id && notice.reason === 'expired',
    );
    const waiting = await boris.request('callbacks/list', {});
    expect(waiting.callbacks).toEqual([
      expect.objectContaining({ state: 'waiting', phoneNumber: '+79031112233' }),
    ]);

    const carla = await rig.agent(3);
    const next = (await carla.waitForCommand('callback-offer')) as CallbackOfferCommand;
    expect(next.callbackId).toBe(offer.callbackId);
  });

  it('keeps waiting callbacks through a relay restart and offers them once an agent is free', async () => {
    rig = await RelayRig.start();
    await rig.install();
    await rig.sandbox('/_sandbox/callback-form', { phone: '+79265550011', text: 'After restart' });
    await eventually(
      () => rig.stores.portals.list().then(([portal]) => rig.stores.callbacks.list(portal?.memberId ?? '')),
      (entries) => entries.length === 1,
    );
    await rig.restartRelay();
    const boris = await rig.agent(2);
    const offer = (await boris.waitForCommand('callback-offer')) as CallbackOfferCommand;
    expect(offer).toMatchObject({ phoneNumber: '+79265550011', text: 'After restart' });
  });

  it("takes a callback as Bitrix24 delivers it (the form line's application, a full auth block) and refuses one forged with a real user token", async () => {
    rig = await RelayRig.start();
    await rig.install();
    const boris = await rig.agent(2);
    // Another application of the portal with a line of its own: forms calling back on it are its.
    const other = await rig.sandbox<{ client_id: string }>('/_sandbox/apps', { name: 'Other PBX' });
    const theirs = await rig.sandbox<{ access_token: string }>('/_sandbox/tokens', {
      user_id: 1,
      client_id: other.client_id,
    });
    const added = await fetch(`${rig.portalUrl}/rest/telephony.externalLine.add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ NUMBER: '74957770000', auth: theirs.access_token }),
    });
    expect(added.status).toBe(200);
    const elsewhere = await rig.sandbox<{ app: string }>('/_sandbox/callback-form', {
      phone: '+79031112233',
      line_number: '74957770000',
    });
    expect(elsewhere.app).toBe(other.client_id);

    type Delivery = {
      outcome: string;
      status: number;
      body: string;
      fields: { auth: Record<string, string> };
    };
    const ours = await rig.sandbox<{ deliveries: Delivery[] }>('/_sandbox/callback-form', {
      phone: '+79161234567',
      text: 'About my order',
      line_number: '74950001122',
    });
    const [delivery] = ours.deliveries;
    expect(delivery).toMatchObject({ outcome: 'delivered', status: 200 });
    expect(delivery!.fields.auth.access_token).toEqual(expect.any(String));
    const offer = (await boris.waitForCommand('callback-offer')) as CallbackOfferCommand;
    expect(offer).toMatchObject({ phoneNumber: '+79161234567', lineNumber: '74950001122' });
    const [portal] = await rig.stores.portals.list();
    expect(await rig.stores.callbacks.list(portal!.memberId)).toHaveLength(1);

    // Any portal user can hold a genuine access token of the app; it proves nothing about the sender.
    const carla = await rig.sandbox<{ access_token: string }>('/_sandbox/tokens', { user_id: 3 });
    const forged = new URLSearchParams(delivery!.body);
    forged.set('data[PHONE_NUMBER]', '+79990000000');
    forged.set('ts', String(Math.floor(Date.now() / 1000)));
    forged.set('auth[access_token]', carla.access_token);
    const post = (form: URLSearchParams) =>
      fetch(`${rig.relayUrl}/bitrix/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    forged.set('auth[application_token]', 'f'.repeat(32));
    expect((await post(forged)).status).toBe(401);
    forged.delete('auth[application_token]');
    expect((await post(forged)).status).toBe(401);
    expect(await rig.stores.callbacks.list(portal!.memberId)).toHaveLength(1);
    // Positive control: the same body with the install's application_token is taken.
    forged.set('auth[application_token]', delivery!.fields.auth.application_token!);
    expect((await post(forged)).status).toBe(200);
    expect(await rig.stores.callbacks.list(portal!.memberId)).toHaveLength(2);
  });

  it('does not queue a callback delivered twice', async () => {
    rig = await RelayRig.start();
    await rig.install();
    await rig.sandbox('/_sandbox/faults', { duplicateEvents: true });
    await rig.sandbox('/_sandbox/callback-form', { phone: '+79265550011' });
    const [portal] = await rig.stores.portals.list();
    expect(await rig.stores.callbacks.list(portal?.memberId ?? '')).toHaveLength(1);
  });
});
