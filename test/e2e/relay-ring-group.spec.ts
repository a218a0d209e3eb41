import { expect, test } from './support/fixtures';
import { finishedOnce, incomingView } from './support/phone-ui';
import { agentSignedInThrough } from './support/relay';
import { hangUpShownOnlyTo, ringGroupCallRingingAt, talkUntilHungUpMs } from './support/ring-group';

/**
 * A ring-group call on the real stack: sipp calls 600, Kamailio forks it to 101 and 102, both apps
 * (signed in through the relay) ring; the relay lets one of them register it, the other shows its
 * card on the same CALL_ID; 102 answers, 101 stops ringing and hides (while 102 talks, the portal
 * shows the card to 102 alone); 102 hangs up and finishes it. A call nobody answers is finished as
 * missed under the portal's responsible user, whose app shows it.
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

  const call = await ringGroupCallRingingAt(rig, portal, [first, second], talkUntilHungUpMs);
  const ringingAt101 = incomingView(first.page);
  const ringingAt102 = incomingView(second.page);

  await ringingAt102.getByRole('button', { name: 'Answer' }).click();
  await expect(ringingAt101).toBeHidden();
  await second.page.screenshot({ path: testInfo.outputPath('winner-in-call.png') });
  await hangUpShownOnlyTo(portal, call.callId, second);
  expect((await call.done).exitCode).toBe(0);

  expect((await finishedOnce(portal, call.callId)).finish).toMatchObject({
    USER_ID: String(second.userId),
    STATUS_CODE: '200',
  });
});

test('a group call nobody answers is finished as missed under the responsible user, told in chat and in their app', async ({
  rig,
  portal,
  startRelay,
  startAgent,
}) => {
  // The responsible user (103's) runs the app too, outside group 600.
  const responsibleId = await portal.userIdForExtension('103');
  const relay = await startRelay({
    ringGroups: { missedAfterMs: 1_000, responsibleUsers: { [new URL(portal.origin).host]: responsibleId } },
  });
  const responsible = await agentSignedInThrough(relay, startAgent, '103');
  const first = await agentSignedInThrough(relay, startAgent, '101');
  const second = await agentSignedInThrough(relay, startAgent, '102');

  const call = await ringGroupCallRingingAt(rig, portal, [first, second]);
  for (const member of [first, second]) {
    await incomingView(member.page).getByRole('button', { name: 'Busy' }).click();
    await expect(incomingView(member.page)).toBeHidden();
  }
  await call.done;

  const missed = await finishedOnce(portal, call.callId);
  expect(missed.finish).toMatchObject({ USER_ID: String(responsibleId), STATUS_CODE: '304' });
  expect((await portal.chatMessages()).filter((message) => message.CALL_ID === missed.CALL_ID)).toEqual([
    expect.objectContaining({ userId: responsibleId, text: 'Missed call from +74951234567' }),
  ]);
  // The relay told the responsible user's app, which keeps it in its history as missed.
  await responsible.page.getByRole('button', { name: 'History' }).click();
  await expect(responsible.page.getByRole('listitem', { name: 'Call with +74951234567' })).toContainText(
    'Missed',
    { timeout: 15_000 },
  );
});
