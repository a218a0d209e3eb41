import { setRouteUrl } from '../../sandbox/pbx/kamailio-rpc';
import { placeCall } from '../../sandbox/pbx/sipp';
import { relayRouteUrl } from '../../sandbox/services/relay-service';
import type { Agent } from './support/agent';
import { expect, test } from './support/fixtures';
import { finishedOnce, incomingView } from './support/phone-ui';
import { agentSignedInThrough } from './support/relay';

/**
 * "Route to the responsible manager" as the PBX runs it (the tutorial's step 4): a customer calls
 * the sales line (500); Kamailio asks the relay's /route, which looks the number up in the CRM
 * and answers the responsible manager's extension - or the group (600: 101 and 102) when that
 * manager is not at work by their workday (TIMEMAN_STATUS). The portal's seed: Boris (101) is at
 * work and responsible for +7 916 123-45-67; Dmitry (103) is on a break and responsible for
 * +7 903 111-22-33.
 */

test('the sales line rings the caller’s responsible manager, and the group while that manager is on a break', async ({
  rig,
  portal,
  startRelay,
  startAgent,
}) => {
  const relay = await startRelay({ route: { fallbackExtension: '600' } });
  const boris = await agentSignedInThrough(relay, startAgent, '101');
  const carla = await agentSignedInThrough(relay, startAgent, '102');
  const dmitry = await agentSignedInThrough(relay, startAgent, '103');
  await setRouteUrl(rig.rpcUrl, relayRouteUrl(relay.url, portal.origin));
  try {
    // Boris's customer: only Boris rings, and the call is his, bound to his contact.
    const toBoris = await placeCall({ rig, to: '500', from: '+79161234567', talkMs: 1_000 });
    await incomingView(boris.page).getByRole('button', { name: 'Answer' }).click();
    expect((await toBoris.done).exitCode).toBe(0);
    const borisCall = await finishedOnce(portal, toBoris.callId);
    expect(borisCall.register).toMatchObject({ USER_ID: String(boris.userId), TYPE: '2' });
    expect(borisCall.crm.entityType).toBe('CONTACT');
    expect(borisCall.finish).toMatchObject({ USER_ID: String(boris.userId), STATUS_CODE: '200' });
    await expectNeverRang([carla, dmitry]);

    // Dmitry's customer while he is on a break: the group rings instead, Carla takes it.
    const toGroup = await placeCall({ rig, to: '500', from: '+79031112233', talkMs: 1_000 });
    await expect(incomingView(boris.page)).toBeVisible({ timeout: 15_000 });
    await incomingView(carla.page).getByRole('button', { name: 'Answer' }).click();
    expect((await toGroup.done).exitCode).toBe(0);
    const groupCall = await finishedOnce(portal, toGroup.callId);
    expect(groupCall.finish).toMatchObject({ USER_ID: String(carla.userId), STATUS_CODE: '200' });
    await expectNeverRang([dmitry]);
  } finally {
    await setRouteUrl(rig.rpcUrl, '');
  }
});

/** No call ever reached these agents' apps: their history is empty. */
async function expectNeverRang(agents: Agent[]): Promise<void> {
  for (const { page } of agents) {
    await page.getByRole('button', { name: 'History' }).click();
    await expect(page.getByText('No calls yet.')).toBeVisible();
    await page.getByRole('button', { name: 'Phone' }).click();
  }
}
