import { afterEach, describe, expect, it } from 'vitest';
import { PortalClient } from '../../../../sandbox/portal/sandbox-client';
import { eventually, RelayRig } from '../../../relay/support/relay-rig';
import { CuttableProxy } from '../../../support/cuttable-proxy';
import {
  callerGaveUp,
  closeRelayHostAgents,
  customerRinging,
  relayHostAgent,
} from '../support/relay-host-agent';

/**
 * A ring-group member whose connection to the relay is down when the claimant shares the CALL_ID:
 * the relay sends it only to the connections open then, so the member's app asks again once it is
 * connected again (main/services/relay/relay-call-router.ts).
 */

let rig: RelayRig | undefined;
let proxy: CuttableProxy | undefined;
afterEach(async () => {
  await closeRelayHostAgents();
  await proxy?.close();
  await rig?.close();
});

/**
 * Makes each call of the relay's ring-group store `method` wait for `hold` first; resolves once
 * one by `userId` has returned and the relay acted on it: the hub's answer and notices are written
 * within the turn the store answers in.
 */
function settledAtRelay(
  rig: RelayRig,
  method: 'claim' | 'setCallId',
  userId: number,
  hold: Promise<void> = Promise.resolve(),
): Promise<void> {
  const claims = rig.stores.ringClaims as unknown as Record<typeof method, StoreCall>;
  const original = claims[method].bind(claims);
  return new Promise((resolve) => {
    claims[method] = async (...args) => {
      await hold;
      const result = await original(...args);
      if (args[2] === userId) setImmediate(resolve);
      return result;
    };
  });
}

type StoreCall = (...args: unknown[]) => Promise<unknown>;

/**
 * The first call of the relay's ring-group store `method` by `userId` never returns and stores
 * nothing, as on an instance killed while it handled the request; resolves when it came. Later
 * calls go through.
 */
function lostAtRelay(rig: RelayRig, method: 'setCallId', userId: number): Promise<void> {
  const claims = rig.stores.ringClaims as unknown as Record<typeof method, StoreCall>;
  const original = claims[method].bind(claims);
  let lost = false;
  return new Promise((resolve) => {
    claims[method] = (...args) => {
      if (lost || args[2] !== userId) return original(...args);
      lost = true;
      resolve();
      return new Promise(() => undefined);
    };
  });
}

/** Waits until the relay instance no longer holds the connection the proxy carried. */
async function agentsAtRelay(rig: RelayRig, agents: number): Promise<void> {
  await eventually(
    async () => ((await (await fetch(`${rig.relayUrl}/ready`)).json()) as { agents: number }).agents,
    (count) => count === agents,
  );
}

describe('a ring-group member connected again while its call rings', () => {
  it('learns the CALL_ID it missed and shows its card on it, the call registered once', async () => {
    rig = await RelayRig.start();
    await rig.install();
    proxy = await CuttableProxy.start(rig.relayUrl);
    const relay = rig;
    const boris = await relayHostAgent(relay, 2);
    // Carla's app reaches the relay through an instance the test kills. Her call waits for the
    // CALL_ID longer than the app does (3 s): on a loaded machine the reconnect can take that long.
    const carla = await relayHostAgent(relay, 3, { relayUrl: proxy.url, memberWaitMs: 30_000 });

    // Carla's claim is answered while she is connected; Boris's CALL_ID is held at the relay until
    // Carla's instance is dead.
    const carlaClaimed = settledAtRelay(relay, 'claim', 3);
    let share = () => {};
    const sharing = new Promise<void>((resolve) => (share = resolve));
    const borisShared = settledAtRelay(relay, 'setCallId', 2, sharing);

    const t0 = Date.now();
    const externalCallId = 'fork-cut-1';
    await boris.report(customerRinging({ callKey: 'b-1', sipCallId: externalCallId, at: t0 }));
    const carlaRinging = carla.report(customerRinging({ callKey: 'c-1', sipCallId: externalCallId, at: t0 }));
    await carlaClaimed;
    proxy.cut();
    await agentsAtRelay(relay, 1);
    share();
    await borisShared;
    proxy.mend();

    expect((await carlaRinging).accepted).toBe(true);
    const [entry] = await eventually(
      () => carla.host.handlers['calls/history']({ limit: 1 }),
      ([latest]) => latest?.sync.state === 'synced',
    );
    const calls = await new PortalClient(relay.portalUrl).callsWithExternalId(externalCallId);
    expect(calls).toHaveLength(1);
    expect(entry?.callId).toBe(calls[0]?.CALL_ID);
    expect(calls[0]?.cardsShownTo.sort()).toEqual([2, 3]);
  }, 90_000);
});

describe('a ring-group claimant whose CALL_ID was lost with its relay instance', () => {
  it('reports it again: the member shows its card on it, and the relay finishes the call missed by all', async () => {
    rig = await RelayRig.start({ relay: { ringGroups: { missedAfterMs: 200 } } });
    await rig.install();
    proxy = await CuttableProxy.start(rig.relayUrl);
    const relay = rig;
    // Boris's app reaches the relay through an instance the test kills while it takes his CALL_ID
    // in. Carla waits for the CALL_ID longer than the app does (3 s): the reconnect can take that
    // long on a loaded machine.
    const boris = await relayHostAgent(relay, 2, { relayUrl: proxy.url });
    const carla = await relayHostAgent(relay, 3, { memberWaitMs: 30_000 });
    const borisLost = lostAtRelay(relay, 'setCallId', 2);

    const t0 = Date.now();
    const externalCallId = 'fork-cut-2';
    await boris.report(customerRinging({ callKey: 'b-1', sipCallId: externalCallId, at: t0 }));
    const carlaRinging = carla.report(customerRinging({ callKey: 'c-1', sipCallId: externalCallId, at: t0 }));
    await borisLost;
    proxy.cut();
    await agentsAtRelay(relay, 1);
    proxy.mend();

    // Carla shows her card on Boris's CALL_ID: the call is registered once.
    expect((await carlaRinging).accepted).toBe(true);
    const [entry] = await eventually(
      () => carla.host.handlers['calls/history']({ limit: 1 }),
      ([latest]) => latest?.sync.state === 'synced',
    );
    const registered = await new PortalClient(relay.portalUrl).callsWithExternalId(externalCallId);
    expect(registered).toHaveLength(1);
    expect(entry?.callId).toBe(registered[0]?.CALL_ID);
    expect(registered[0]?.cardsShownTo.sort()).toEqual([2, 3]);

    // The caller gives up: the relay, which has the CALL_ID, finishes the call as missed, once.
    await callerGaveUp(
      [
        [boris, 'b-1'],
        [carla, 'c-1'],
      ],
      t0 + 20_000,
    );
    const [call] = await eventually(
      () => new PortalClient(relay.portalUrl).callsWithExternalId(externalCallId),
      ([only]) => only?.finish !== null && only?.finish !== undefined,
    );
    expect(call?.finish).toMatchObject({ USER_ID: '2', STATUS_CODE: '304', ADD_TO_CHAT: '1' });
    expect(call?.finishRequests).toHaveLength(1);
  }, 90_000);
});
