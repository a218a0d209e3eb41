import { startUas } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';
import { inCallView } from './support/phone-ui';
import { signInThroughRelay, startRelayForE2e, type E2eRelay } from './support/relay';

/**
 * The callback queue as the agent works it: requests from the portal's web form reach the app
 * through the relay; the one offered to this agent can be passed (it goes back to waiting) or taken
 * (the app dials it, and once that call is over it leaves the queue).
 */

let relay: E2eRelay | undefined;
test.afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

async function requestCallback(portalOrigin: string, phone: string, text: string): Promise<void> {
  const response = await fetch(`${portalOrigin}/_sandbox/callback-form`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, text }),
  });
  expect(response.ok).toBe(true);
}

test('an offered callback is passed or taken, and a taken one leaves the queue when done', async ({
  rig,
  portal,
  startAgent,
}, testInfo) => {
  relay = await startRelayForE2e(portal.origin, testInfo.outputPath('relay'));
  const agent = await startAgent('101');
  const { page } = agent;
  await signInThroughRelay(page, relay.url, agent.userId);
  await page.getByRole('button', { name: 'Callbacks' }).click();
  const queue = page.getByRole('region', { name: 'Callback queue' });
  await expect(queue.getByText('No callbacks waiting.')).toBeVisible();

  await requestCallback(portal.origin, '+74957654321', 'Delivery question');
  const offer = queue.getByRole('article', { name: 'Callback offered to you' });
  await expect(offer).toContainText('+74957654321');
  await expect(offer).toContainText('Delivery question');
  await offer.getByRole('button', { name: 'Pass' }).click();
  await expect(offer).toHaveCount(0);
  await expect(queue.getByRole('listitem', { name: 'Callback to +74957654321' })).toContainText('Waiting');

  await requestCallback(portal.origin, '+74951112233', 'Invoice for order 5521');
  await expect(offer).toContainText('+74951112233');
  // The app dials it (the customer, a sipp UAS, answers) and the call screen takes over.
  const customer = await startUas({ rig, behaviour: 'answer', ringMs: 300, echoRtp: true });
  try {
    await offer.getByRole('button', { name: 'Call back now' }).click();
    const call = inCallView(page);
    await expect(call.getByLabel('Caller number')).toHaveText('+74951112233');
    await expect(call.getByRole('status').first()).toHaveText('In call', { timeout: 15_000 });
    await call.getByRole('button', { name: 'Hang up' }).click();
    await expect(page.getByText('Last call: +74951112233 — You hung up')).toBeVisible();
  } finally {
    await customer.stop();
  }

  await page.getByRole('button', { name: 'Callbacks' }).click();
  await expect(queue.getByRole('listitem')).toHaveCount(1);
  await expect(queue.getByRole('listitem', { name: 'Callback to +74957654321' })).toBeVisible();
});
