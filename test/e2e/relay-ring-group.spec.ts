import { placeCall } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';
import { agentSignedInThrough } from './support/relay';

/**
 * A ring-group call on the real stack: sipp calls 600, Kamailio forks it to 101 and 102, both apps
 * (signed in through the relay) ring; the relay lets one of them register it, the other shows its
 * card on the same CALL_ID; 102 answers, 101 stops ringing and hides; 102 finishes it.
 */

test('a ring-group call is registered once, shown to both, hidden for the loser, finished by the winner', async ({
  rig,
  portal,
  startRelay,
  startAgent,
}, testInfo) => {
  const relay = await startRelay();
  const first = await agentSignedInThrough(relay, startAgent, '101');
  const second = await agentSignedInThrough(relay, startAgent, '102');

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
