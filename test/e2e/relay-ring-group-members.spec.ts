import type { Page } from '@playwright/test';
import { setCancelReason } from '../../sandbox/pbx/kamailio-rpc';
import { placeCall } from '../../sandbox/pbx/sipp';
import type { SandboxCall } from '../../sandbox/portal/sandbox-client';
import type { Agent } from './support/agent';
import { expect, test } from './support/fixtures';
import { finishedOnce } from './support/phone-ui';
import { agentSignedInThrough, type E2eRelay } from './support/relay';
import { hangUpShownOnlyTo, talkUntilHungUpMs } from './support/ring-group';

/**
 * Ring groups of three agents as PBXs run them (sandbox/pbx/kamailio.cfg: 601 in parallel, 602 a
 * hunt group), the relay judging how the call ended: a member's leg ending unanswered - a decline,
 * the PBX's CANCEL without a Reason, the hunt moving on, an app on DND refusing it as busy -
 * finishes nothing; the call is registered once, finished once by whoever answered it, or as
 * missed by the relay under the portal's responsible user. The portal's records are the evidence.
 * The group without Reason and the hunt group run on a Russian and on a German portal, the group
 * every member turns down on a US portal: the PBX presents their callers in national form.
 */

/** A caller as the PBX presents it on a portal of each country, and as the portal must register it. */
const callers = [
  { country: 'RU', from: '84951234567', registered: '+74951234567' },
  { country: 'DE', from: '03012345678', registered: '+493012345678' },
];

/** Longer than the rig's hunt group rings one member (HUNT_RING_MS in kamailio.cfg). */
const huntStepMs = 15_000;

/** The portal's administrator: whom missed group calls are finished under in these tests. */
const responsibleUserId = 1;

// Three agents start and sign in through the relay before the call: on a busy two-core machine
// that alone can take most of the default minute.
test.describe.configure({ timeout: 180_000 });

test.afterEach(async ({ rig }) => {
  await setCancelReason(rig.rpcUrl, true);
});

async function threeAgentsThroughRelay(
  startRelay: (config: Record<string, unknown>) => Promise<E2eRelay>,
  startAgent: (extension: string) => Promise<Agent>,
  portalOrigin: string,
): Promise<[Agent, Agent, Agent]> {
  const relay = await startRelay({
    ringGroups: {
      missedAfterMs: 1_000,
      responsibleUsers: { [new URL(portalOrigin).host]: responsibleUserId },
    },
  });
  return [
    await agentSignedInThrough(relay, startAgent, '101'),
    await agentSignedInThrough(relay, startAgent, '102'),
    await agentSignedInThrough(relay, startAgent, '103'),
  ];
}

function ringing(page: Page) {
  return page.getByRole('region', { name: 'Incoming call' });
}

/** The one call the portal has for this external id, once `ready` holds for it. */
async function theCall(
  portal: { callsWithExternalId(id: string): Promise<SandboxCall[]> },
  externalCallId: string,
  ready: (call: SandboxCall) => boolean,
): Promise<SandboxCall> {
  await expect.poll(async () => (await portal.callsWithExternalId(externalCallId)).some(ready)).toBe(true);
  const calls = await portal.callsWithExternalId(externalCallId);
  expect(calls).toHaveLength(1);
  return calls[0] as SandboxCall;
}

for (const caller of callers) {
  test(`a simultaneous group without Reason: the registering member declines, another answers, the third is cancelled; one finish, by the answerer (${caller.country} portal)`, async ({
    rig,
    portal,
    portalCountry,
    startRelay,
    startAgent,
  }) => {
    await portalCountry(caller.country);
    const agents = await threeAgentsThroughRelay(startRelay, startAgent, portal.origin);
    await setCancelReason(rig.rpcUrl, false);

    const call = await placeCall({
      rig,
      to: '601',
      from: caller.from,
      talkMs: talkUntilHungUpMs,
      headers: { 'X-Line': '74950000000' },
    });
    for (const agent of agents) await expect(ringing(agent.page)).toBeVisible();
    const shown = await theCall(portal, call.callId, (c) => c.cardsShownTo.length === 3);
    expect(shown.cardsShownTo.sort()).toEqual(agents.map((agent) => agent.userId).sort());

    // The member whose app registered the call is the one whose end used to finish it for everyone.
    const claimantId = Number(shown.registerRequests[0]?.params['USER_ID']);
    const claimant = agents.find((agent) => agent.userId === claimantId) as Agent;
    const [answerer, cancelled] = agents.filter((agent) => agent !== claimant) as [Agent, Agent];
    await ringing(claimant.page).getByRole('button', { name: 'Decline' }).click();
    await expect(ringing(claimant.page)).toBeHidden();
    await expect(ringing(answerer.page)).toBeVisible();
    await ringing(answerer.page).getByRole('button', { name: 'Answer' }).click();
    await expect(ringing(cancelled.page)).toBeHidden();
    await hangUpShownOnlyTo(portal, call.callId, answerer);
    expect((await call.done).exitCode).toBe(0);

    const finished = await finishedOnce(portal, call.callId);
    expect(finished.register).toMatchObject({ PHONE_NUMBER: caller.registered });
    expect(finished.finish).toMatchObject({ USER_ID: String(answerer.userId), STATUS_CODE: '200' });
  });
}

test('a simultaneous group every member turns down is finished once, as missed, under the responsible user (US portal)', async ({
  rig,
  portal,
  portalCountry,
  startRelay,
  startAgent,
}) => {
  await portalCountry('US');
  const [first, second, third] = await threeAgentsThroughRelay(startRelay, startAgent, portal.origin);

  const call = await placeCall({ rig, to: '601', from: '12125551234' });
  for (const agent of [first, second, third]) await expect(ringing(agent.page)).toBeVisible();
  await theCall(portal, call.callId, (c) => c.cardsShownTo.length === 3);
  // A decline ends that member's leg only: the others still ring.
  await ringing(first.page).getByRole('button', { name: 'Decline' }).click();
  await expect(ringing(first.page)).toBeHidden();
  await ringing(second.page).getByRole('button', { name: 'Busy' }).click();
  await expect(ringing(second.page)).toBeHidden();
  await expect(ringing(third.page)).toBeVisible();
  await ringing(third.page).getByRole('button', { name: 'Decline' }).click();
  await call.done;

  const finished = await finishedOnce(portal, call.callId);
  expect(finished.register).toMatchObject({ PHONE_NUMBER: '+12125551234' });
  expect(finished.finish).toMatchObject({ USER_ID: String(responsibleUserId), STATUS_CODE: '304' });
});

for (const caller of callers) {
  test(`a hunt group shows the card to each member in turn and is finished once, by the one who answered (${caller.country} portal)`, async ({
    rig,
    portal,
    portalCountry,
    startRelay,
    startAgent,
  }) => {
    await portalCountry(caller.country);
    const [first, second, third] = await threeAgentsThroughRelay(startRelay, startAgent, portal.origin);

    const call = await placeCall({ rig, to: '602', from: caller.from, talkMs: 2_000 });
    // 101 rings alone, unanswered, until the PBX moves on.
    await expect(ringing(first.page)).toBeVisible();
    const registered = await theCall(portal, call.callId, (c) => c.cardsShownTo.length > 0);
    expect(registered.cardsShownTo).toEqual([first.userId]);
    // 102 rings next, alone, and declines (the PBX moves on after HUNT_RING_MS: kamailio.cfg).
    await expect(ringing(second.page)).toBeVisible({ timeout: huntStepMs });
    await theCall(portal, call.callId, (c) => c.cardsShownTo.join() === String(second.userId));
    await ringing(second.page).getByRole('button', { name: 'Decline' }).click();
    // 103 rings last and answers.
    await expect(ringing(third.page)).toBeVisible({ timeout: huntStepMs });
    await theCall(portal, call.callId, (c) => c.cardsShownTo.join() === String(third.userId));
    await ringing(third.page).getByRole('button', { name: 'Answer' }).click();
    expect((await call.done).exitCode).toBe(0);

    const finished = await finishedOnce(portal, call.callId);
    expect(finished.register).toMatchObject({ PHONE_NUMBER: caller.registered });
    expect(Number(finished.registerRequests[0]?.params['USER_ID'])).toBe(first.userId);
    expect(finished.finish).toMatchObject({ USER_ID: String(third.userId), STATUS_CODE: '200' });
  });
}

test('a hunt group nobody answers: registered once, the card shown to each member in turn, then finished once as missed under the responsible user', async ({
  rig,
  portal,
  startRelay,
  startAgent,
}) => {
  const members = await threeAgentsThroughRelay(startRelay, startAgent, portal.origin);

  const call = await placeCall({ rig, to: '602' });
  // Each member rings alone, with the card shown to them alone, and turns it down: the PBX moves on.
  for (const [member, button] of [
    [members[0], 'Decline'],
    [members[1], 'Busy'],
    [members[2], 'Decline'],
  ] as const) {
    await expect(ringing(member.page)).toBeVisible({ timeout: huntStepMs });
    await theCall(portal, call.callId, (c) => c.cardsShownTo.join() === String(member.userId));
    await ringing(member.page).getByRole('button', { name: button }).click();
    await expect(ringing(member.page)).toBeHidden();
  }
  await call.done;

  const finished = await finishedOnce(portal, call.callId);
  expect(finished.finish).toMatchObject({ USER_ID: String(responsibleUserId), STATUS_CODE: '304' });
});

test('a simultaneous group with a member on Do not disturb: that app refuses as busy, the others still ring; one register, one finish, by the answerer', async ({
  rig,
  portal,
  startRelay,
  startAgent,
}) => {
  const [first, second, onDnd] = await threeAgentsThroughRelay(startRelay, startAgent, portal.origin);
  await onDnd.page.getByRole('switch', { name: 'Do not disturb' }).check();
  await expect(onDnd.page.getByText('Do not disturb is on: calls are refused as busy')).toBeVisible();

  const call = await placeCall({ rig, to: '601', talkMs: talkUntilHungUpMs });
  await expect(onDnd.page.getByText('Last call: +74951234567 — Refused as busy')).toBeVisible({
    timeout: 15_000,
  });
  await expect(ringing(onDnd.page)).toHaveCount(0);
  for (const member of [first, second]) await expect(ringing(member.page)).toBeVisible();
  await theCall(
    portal,
    call.callId,
    (c) => c.cardsShownTo.sort().join() === [first.userId, second.userId].sort().join(),
  );
  await ringing(second.page).getByRole('button', { name: 'Answer' }).click();
  await expect(ringing(first.page)).toBeHidden();
  await hangUpShownOnlyTo(portal, call.callId, second);
  expect((await call.done).exitCode).toBe(0);

  const finished = await finishedOnce(portal, call.callId);
  expect(finished.finish).toMatchObject({ USER_ID: String(second.userId), STATUS_CODE: '200' });
});
