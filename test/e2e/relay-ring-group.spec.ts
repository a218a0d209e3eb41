import { placeCall } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';
import { signInThroughRelay, startRelayForE2e, type E2eRelay } from './support/relay';

/**
 * A ring-group call on the real stack: sipp calls 600, Kamailio forks it to 101 and 102, both apps
 * (signed in through the relay) ring; the relay lets one of them register it, the other shows its
 * card on the same CALL_ID; 102 answers, 101 stops ringing and hides; 102 finishes it.
 */

let relay: E2eRelay | undefined;
test.afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

test('a ring-group call is registered once, shown to both, hidden for the loser, finished by the winner', async ({
  rig,
  portal,
  startAgent,
}, testInfo) => {
  relay = await startRelayForE2e(portal.origin, testInfo.outputPath('relay'));
  const first = await startAgent('101');
  const second = await startAgent('102');
  await signInThroughRelay(first.page, relay.url, first.userId);
  await signInThroughRelay(second.page, relay.url, second.userId);

  const call = await placeCall({
    rig,
    to: '600',
    from: '+74951234567',
    talkMs: 3_000,
    headers: { 'X-Line': '74950000000' },
  });
  const ringingAt101 = first.page.getByRole('region', { name: 'Incoming call' });
  const ringingAt102 = second.page.getByRole('region', { name: 'Incoming call' });
  await expect(ringingAt101).toBeVisible();
  await expect(ringingAt102).toBeVisible();
  await expect
    .poll(async () => (await portal.callsWithExternalId(call.callId))[0]?.cardsShownTo.sort() ?? [])
    .toEqual([first.userId, second.userId].sort());

  await ringingAt102.getByRole('button', { name: 'Answer' }).click();
  await expect(ringingAt101).toBeHidden();
  await second.page.screenshot({ path: testInfo.outputPath('winner-in-call.png') });
  expect((await call.done).exitCode).toBe(0);

  await expect
    .poll(async () => (await portal.callsWithExternalId(call.callId))[0]?.finish ?? null)
    .not.toBeNull();
  const calls = await portal.callsWithExternalId(call.callId);
  expect(calls).toHaveLength(1);
  expect(calls[0]?.registerRequests).toHaveLength(1);
  expect(calls[0]?.finishRequests).toHaveLength(1);
  expect(calls[0]?.finish).toMatchObject({ USER_ID: String(second.userId), STATUS_CODE: '200' });
  expect(calls[0]?.cardsShownTo).toEqual([]);
});
