import { expect, test } from './support/fixtures';
import { inCallView, onlyCallFinishedOnce } from './support/phone-ui';
import { agentSignedInThrough } from './support/relay';

/**
 * The callback queue as the agent works it: requests from the portal's web form reach the app
 * through the relay; the one offered to this agent can be passed (it goes back to waiting) or taken
 * (the app dials it, and once that call is over it leaves the queue). The portal is a German one:
 * its visitors write their numbers the national way, Bitrix24 gets the call back in international form.
 */

test('an offered callback is passed or taken, and a taken one leaves the queue when done', async ({
  portal,
  portalCountry,
  startRelay,
  startUas,
  startAgent,
}) => {
  await portalCountry('DE');
  const { page } = await agentSignedInThrough(await startRelay(), startAgent, '101');
  await page.getByRole('button', { name: 'Callbacks' }).click();
  const queue = page.getByRole('region', { name: 'Callback queue' });
  await expect(queue.getByText('No callbacks waiting.')).toBeVisible();

  await portal.requestCallback({ phone: '030 76543210', text: 'Delivery question' });
  const offer = queue.getByRole('article', { name: 'Callback offered to you' });
  // The queue shows the number as the visitor wrote it.
  await expect(offer).toContainText('030 76543210');
  await expect(offer).toContainText('Delivery question');
  await offer.getByRole('button', { name: 'Pass' }).click();
  await expect(offer).toHaveCount(0);
  await expect(queue.getByRole('listitem', { name: 'Callback to 030 76543210' })).toContainText('Waiting');

  await portal.requestCallback({ phone: '030 11122233', text: 'Invoice for order 5521' });
  await expect(offer).toContainText('030 11122233');
  // The app dials it (the customer, a sipp UAS, answers) and the call screen takes over.
  await startUas({ behaviour: 'answer', ringMs: 300, echoRtp: true });
  await offer.getByRole('button', { name: 'Call back now' }).click();
  const call = inCallView(page);
  await expect(call.getByLabel('Caller number')).toHaveText('+493011122233');
  await expect(call.getByRole('status').first()).toHaveText('In call', { timeout: 15_000 });
  await call.getByRole('button', { name: 'Hang up' }).click();
  await expect(page.getByText('Last call: +493011122233 — You hung up')).toBeVisible();

  // Bitrix24: the callback taken is one call, a callback (TYPE 4) to the number in international form.
  const calledBack = await onlyCallFinishedOnce(portal);
  expect(calledBack.register).toMatchObject({ TYPE: '4', PHONE_NUMBER: '+493011122233' });

  await page.getByRole('button', { name: 'Callbacks' }).click();
  await expect(queue.getByRole('listitem')).toHaveCount(1);
  await expect(queue.getByRole('listitem', { name: 'Callback to 030 76543210' })).toBeVisible();
});
