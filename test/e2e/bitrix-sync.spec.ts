import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { placeCall } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';

/**
 * What the agent sees of the delivery to Bitrix24, on the real stack (sipp -> Kamailio -> the
 * real renderer on the web host in Chromium; the portal emulator broken on purpose): a banner
 * over every view while Bitrix24 is unreachable, with how many calls wait; each call of the
 * history with its sync state and a Retry that tries at once; everything delivered exactly once
 * when the portal is back. And the notice when the call journal could not be used at start-up.
 */

const screenshots = path.resolve('artifacts', 'screenshots');

// Slow enough that a retry by hand is told apart from the outbox's own (10-20 s after a failure);
// the late-request window short, since the emulator answers at once once it is back.
const tuning = {
  portalBackoff: { baseMs: 20_000, factor: 2, maxMs: 60_000 },
  stepBackoff: { baseMs: 20_000, factor: 2, maxMs: 60_000 },
  lateRequestMs: 1_000,
};

test('Bitrix24 unreachable: a banner counts the waiting calls, each call shows its sync state, Retry tries at once', async ({
  rig,
  portal,
  startAgent,
}) => {
  test.setTimeout(90_000);
  const agent = await startAgent('101', { hostArgs: ['--tuning', JSON.stringify(tuning)] });
  const { page } = agent;
  await portal.injectFaults({ down: true });

  const callers = ['+74951234567', '+74957654321'];
  const callIds: string[] = [];
  for (const caller of callers) {
    const call = await placeCall({ rig, to: '101', from: caller, scenario: 'cancel', ringMs: 1_500 });
    callIds.push(call.callId);
    await expect(page.getByRole('region', { name: 'Incoming call' }).getByLabel('Caller number')).toHaveText(
      caller,
    );
    expect((await call.done).exitCode).toBe(0);
  }

  // Over the phone view: the portal is unreachable, both calls wait.
  const banner = page.getByRole('alert', { name: 'Bitrix24 delivery' });
  await expect(banner).toContainText('Bitrix24 unreachable');
  await expect(banner).toContainText('2 calls waiting');
  await expect(banner).toContainText(/next try in \d+ s/);
  await expect(page.getByRole('heading', { name: 'Ready for calls' })).toBeVisible();

  // The history: the call whose attempt failed says so, with the error and a Retry button; the
  // other waits for its turn until the portal answers again.
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('listitem')).toHaveCount(2);
  const syncOf = (caller: string) =>
    page
      .getByRole('listitem', { name: `Call with ${caller}` })
      .getByRole('status', { name: 'Bitrix24 sync' });
  for (const caller of callers) {
    await expect(page.getByRole('listitem', { name: `Call with ${caller}` })).toContainText('Missed');
    await expect(syncOf(caller)).toHaveText(
      /^(Retrying \(attempt \d+\): socket hang up, next try in \d+ s|Waiting until Bitrix24 is reachable)$/,
    );
  }
  // The first call's register was the first request to fail: it has a Retry.
  const tried = page.getByRole('listitem', { name: `Call with ${callers[0]}` });
  await expect(tried.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(banner).toBeVisible();
  await page.screenshot({ path: path.join(screenshots, 'bitrix-unreachable.png') });

  // Retry by hand: the attempt goes now, not after the outbox's 10-20 s backoff.
  const trySync = syncOf(callers[0]!);
  const attempts = async () => Number(/attempt (\d+)/.exec((await trySync.textContent()) ?? '')?.[1]);
  const before = await attempts();
  await tried.getByRole('button', { name: 'Retry' }).click();
  await expect.poll(attempts, { timeout: 5_000 }).toBeGreaterThan(before);

  // The portal is back: the next retry delivers everything, once; the banner goes.
  await portal.clearFaults();
  await tried.getByRole('button', { name: 'Retry' }).click();
  for (const caller of callers) await expect(syncOf(caller)).toHaveText('In Bitrix24', { timeout: 15_000 });
  await expect(banner).toBeHidden();
  await expect(page.getByRole('listitem').getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await page.screenshot({ path: path.join(screenshots, 'bitrix-synced.png') });

  for (const callId of callIds) {
    const [registered, ...more] = await portal.callsWithExternalId(callId);
    expect(more).toEqual([]);
    expect(registered?.register).toMatchObject({ SHOW: '0', USER_ID: String(agent.userId) });
    expect(registered?.finishRequests.filter((request) => request.outcome === 'ok')).toHaveLength(1);
    expect(registered?.finish).toMatchObject({ STATUS_CODE: '304', DURATION: '0' });
    expect(registered?.cardsShownTo).toEqual([]);
  }
});

test('a call journal that cannot be read is set aside, kept, and the agent is told', async ({
  startAgent,
}) => {
  const agent = await startAgent('101', {
    beforeStart: (profileDir) =>
      writeFileSync(path.join(profileDir, 'call-journal.sqlite'), 'not a database: the disk ate it'),
  });
  const notice = agent.page.getByRole('note', { name: 'Call history file' });
  await expect(notice).toContainText('The call history file could not be used');
  await expect(notice).toContainText(path.join(agent.profileDir, 'call-journal.sqlite.corrupt-'));
  await expect(notice).toContainText('a new one was started');
});
