import { expect, test } from './support/fixtures';

/**
 * "Sign in with Bitrix24" in the real app on the web host: the relay's confirmation page shows the
 * same code as the app, the portal's authorize page is where the agent picks who they are, and the
 * app ends up connected to the relay as that user.
 */

test('an agent signs in through the relay and the portal’s authorize page', async ({
  startRelay,
  startAgent,
}, testInfo) => {
  const relay = await startRelay();
  const { page } = await startAgent('101');
  await page.getByRole('button', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Settings' });
  await form.getByLabel('Relay address').fill(relay.url);

  const opened = page.context().waitForEvent('page');
  await form.getByRole('button', { name: 'Sign in with Bitrix24' }).click();
  const browser = await opened;
  const signIn = form.getByRole('status', { name: 'Relay sign-in' });
  await expect(signIn).toContainText('Sign-in code:');
  const code = /(\d{4}-\d{4})/.exec((await signIn.textContent()) ?? '')?.[1] ?? '';
  expect(code).not.toBe('');
  await expect(browser.getByText(code)).toBeVisible();

  await browser.getByRole('button', { name: 'Continue to Bitrix24' }).click();
  await browser.getByRole('button', { name: /Boris Petrov/ }).click();
  await expect(browser.getByRole('heading', { name: 'Signed in' })).toBeVisible();
  await browser.screenshot({ path: testInfo.outputPath('signed-in-page.png') });

  await expect(page.getByRole('status', { name: 'Relay status' })).toContainText('connected (user 2)');
  await expect(signIn).toContainText('Signed in as user 2');
  await page.screenshot({ path: testInfo.outputPath('app-signed-in.png') });

  await form.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('status', { name: 'Relay status' })).toContainText('not signed in');
});
