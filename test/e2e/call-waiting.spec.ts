import { placeCall, type SippCall } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';
import { callLines, expectAudio, finishedCall, inCallView } from './support/phone-ui';

/**
 * Call waiting: a second customer calls during a call. It rings as a waiting line; answering it
 * holds the first (the first customer's side is asked sendonly); switching back holds the second
 * and resumes the first. Each call is its own Bitrix24 call, finished as answered.
 */

const first = '+74951111111';
const second = '+74952222222';

/** The offers (INVITE bodies) a sipp caller received after its own INVITE: our re-INVITEs. */
function reInvites(call: SippCall): string[] {
  return call
    .messages()
    .filter((message) => message.method === 'INVITE' && message.direction === 'received')
    .map((message) => message.text);
}

test('a second call waits, is answered (the first goes on hold), and the agent switches between them', async ({
  rig,
  portal,
  startAgent,
}) => {
  const { page } = await startAgent('101');
  const callA = await placeCall({ rig, to: '101', from: first, talkMs: 30_000 });
  await page.getByRole('region', { name: 'Incoming call' }).getByRole('button', { name: 'Answer' }).click();
  const call = inCallView(page);
  await expect(call.getByLabel('Caller number')).toHaveText(first);
  await expectAudio(page);

  const callB = await placeCall({ rig, to: '101', from: second, talkMs: 30_000 });
  const lines = callLines(page);
  await expect(lines.getByRole('listitem').filter({ hasText: second })).toContainText('Call waiting');
  // The call being talked on stays on screen while the other waits.
  await expect(call.getByLabel('Caller number')).toHaveText(first);

  await lines.getByRole('button', { name: `Answer ${second}` }).click();
  await expect(call.getByLabel('Caller number')).toHaveText(second);
  await expect(lines.getByRole('listitem').filter({ hasText: first })).toContainText('On hold');
  await expect.poll(() => reInvites(callA).length).toBe(1);
  expect(reInvites(callA)[0]).toContain('a=sendonly');
  await expectAudio(page);

  // Switch back: the second goes on hold, the first is resumed.
  await lines.getByRole('button', { name: `Switch to this call ${first}` }).click();
  await expect(call.getByLabel('Caller number')).toHaveText(first);
  await expect(call.getByRole('status').first()).toHaveText('In call');
  await expect(lines.getByRole('listitem').filter({ hasText: second })).toContainText('On hold');
  await expect.poll(() => reInvites(callB).length).toBe(1);
  expect(reInvites(callB)[0]).toContain('a=sendonly');
  await expect.poll(() => reInvites(callA).length).toBe(2);
  expect(reInvites(callA)[1]).toContain('a=sendrecv');

  // Hang up the first; the second is still held, and is taken back to be hung up.
  await call.getByRole('button', { name: 'Hang up' }).click();
  await expect(call.getByLabel('Caller number')).toHaveText(second);
  await call.getByRole('button', { name: 'Resume' }).click();
  await expect(call.getByRole('status').first()).toHaveText('In call');
  await call.getByRole('button', { name: 'Hang up' }).click();
  await expect(page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();

  expect((await callA.done).exitCode).toBe(0);
  expect((await callB.done).exitCode).toBe(0);
  for (const sipp of [callA, callB]) {
    const finished = await finishedCall(portal, sipp.callId);
    expect(finished.registerRequests).toHaveLength(1);
    expect(finished.finish).toMatchObject({ STATUS_CODE: '200' });
  }
});
