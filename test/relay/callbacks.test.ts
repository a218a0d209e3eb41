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

  it('does not queue a callback delivered twice', async () => {
    rig = await RelayRig.start();
    await rig.install();
    await rig.sandbox('/_sandbox/faults', { duplicateEvents: true });
    await rig.sandbox('/_sandbox/callback-form', { phone: '+79265550011' });
    const [portal] = await rig.stores.portals.list();
    expect(await rig.stores.callbacks.list(portal?.memberId ?? '')).toHaveLength(1);
  });
});
