import type { SipAccount } from '../../common/settings/settings';
import { expect, test } from './support/fixtures';
import { sipStatus } from './support/phone-ui';

/**
 * A registration that fails says why, in words the agent can act on, and what happens next: an
 * unreachable PBX is retried within seconds (backoff with jitter), a refused password or account
 * about once a minute - and "Retry now" tries at once.
 */

function account(overrides: Partial<SipAccount>, rig: { wsUrl: string; sipDomain: string }): SipAccount {
  return {
    wsUrl: rig.wsUrl,
    domain: rig.sipDomain,
    extension: '101',
    password: 'secret',
    displayName: '',
    callIdHeader: '',
    lineHeader: '',
    ...overrides,
  };
}

const secondsToRetry = async (status: ReturnType<typeof sipStatus>): Promise<number> =>
  Number(/retrying in (\d+) s/.exec((await status.textContent()) ?? '')?.[1] ?? NaN);

test('unreachable, wrong password and forbidden: each says why and when it tries again', async ({
  rig,
  startAgent,
}) => {
  const unreachable = await startAgent('101', {
    expectRegistered: false,
    settings: { sip: account({ wsUrl: 'ws://127.0.0.1:9' }, rig) },
  });
  const status = sipStatus(unreachable.page);
  await expect(status).toContainText('Cannot reach the PBX at ws://127.0.0.1:9');
  await expect(status).toContainText(/retrying in \d+ s/);
  expect(await secondsToRetry(status)).toBeLessThanOrEqual(4);
  // It keeps trying, and keeps saying why: the retries back off.
  await expect.poll(() => secondsToRetry(status), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  await expect(status).toContainText('Cannot reach the PBX at ws://127.0.0.1:9');
  await unreachable.stop();

  const wrongPassword = await startAgent('102', {
    expectRegistered: false,
    settings: { sip: account({ extension: '102', password: 'wrong' }, rig) },
  });
  const refused = sipStatus(wrongPassword.page);
  await expect(refused).toContainText('Wrong extension or SIP password (401');
  await expect(refused).toContainText(/retrying in \d+ s/);
  const first = await secondsToRetry(refused);
  expect(first).toBeGreaterThan(30);
  expect(first).toBeLessThanOrEqual(60);
  // "Retry now" asks at once; still refused, the next try is further away.
  await wrongPassword.page.getByRole('button', { name: 'Retry now' }).click();
  await expect.poll(() => secondsToRetry(refused)).toBeGreaterThan(60);
  await wrongPassword.stop();

  const forbidden = await startAgent('103', {
    expectRegistered: false,
    settings: { sip: account({ extension: '555' }, rig) },
  });
  await expect(sipStatus(forbidden.page)).toContainText(
    'The PBX refused this account (403 Not An Extension)',
  );
  await expect(sipStatus(forbidden.page)).toContainText(/retrying in \d+ s/);
});
