import { afterEach, describe, expect, it } from 'vitest';
import { signInAgent } from '../../../sandbox/demo/sign-in-agent';
import { openHostBridge } from '../../../sandbox/services/host-bridge';
import { adminToken, freePort, RelayRig } from '../../relay/support/relay-rig';
import { startWebHostInProcess, type WebHostInProcess } from '../../support/web-host-in-process';

let rig: RelayRig | undefined;
let agent: WebHostInProcess | undefined;

afterEach(async () => {
  await agent?.close();
  await rig?.close();
  rig = agent = undefined;
});

/** The portal emulator and the relay (installed), and an agent's app on a web host. */
async function start(): Promise<{ rig: RelayRig; hostUrl: string }> {
  rig = await RelayRig.start();
  await rig.install();
  agent = await startWebHostInProcess();
  return { rig, hostUrl: agent.host.openUrl };
}

async function relayStatusOf(hostUrl: string) {
  const bridge = await openHostBridge(hostUrl);
  try {
    return (await bridge.host.status.get()).relay;
  } finally {
    bridge.close();
  }
}

async function relaySessions(rig: RelayRig): Promise<Array<{ userId: number }>> {
  const response = await fetch(`${rig.relayUrl}/admin/sessions`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  return (await response.json()) as Array<{ userId: number }>;
}

describe('signing a demo agent in through the relay without a browser', () => {
  it('walks the relay’s and the portal’s pages until the app is connected as the user', async () => {
    const { rig, hostUrl } = await start();
    await signInAgent({ hostUrl, relayUrl: rig.relayUrl, userId: 2 });
    expect(await relayStatusOf(hostUrl)).toMatchObject({ state: 'connected', userId: 2 });
    expect((await relaySessions(rig)).map((session) => session.userId)).toEqual([2]);
    // The app got its Bitrix24 access from the relay: it can ask the portal who it is.
    expect((await agent?.services.handlers['status/get']())?.bitrix).toMatchObject({ userId: 2 });
  });

  it('fails, naming the user, when the portal offers no such user to sign in as', async () => {
    const { rig, hostUrl } = await start();
    await expect(signInAgent({ hostUrl, relayUrl: rig.relayUrl, userId: 999 })).rejects.toThrow(
      /signing in the agent at .* failed: .*no form with 'user_id' = '999'/,
    );
    expect(await relayStatusOf(hostUrl)).toMatchObject({ state: 'signing-in' });
    expect(await relaySessions(rig)).toEqual([]);
  });

  it('fails clearly when no relay answers at the address', async () => {
    const { hostUrl } = await start();
    const nobody = `http://127.0.0.1:${await freePort()}`;
    await expect(signInAgent({ hostUrl, relayUrl: nobody, userId: 2 })).rejects.toThrow(
      /signing in the agent at .* through the relay failed/,
    );
    expect(await relayStatusOf(hostUrl)).toEqual({ state: 'not-configured' });
  });
});
