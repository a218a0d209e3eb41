import type { Page } from '@playwright/test';
import { startRelayService, type RelayService } from '../../../sandbox/services/relay-service';

export type E2eRelay = RelayService;

/**
 * The relay for an end-to-end test (sandbox/services/relay-service.ts) with the suite's external
 * line; `config` is laid over the relay's configuration file (e.g. shorter time-outs).
 */
export function startRelayForE2e(
  portalOrigin: string,
  directory: string,
  config: Record<string, unknown> = {},
): Promise<E2eRelay> {
  return startRelayService({
    portalOrigin,
    directory,
    lines: [{ number: '74950001122', name: 'Main line' }],
    config,
  });
}

/**
 * "Sign in with Bitrix24" as the agent does it in the app: Settings, the relay's address, the
 * confirmation page in a new tab, the portal's authorize page (picking `userId`), back to the phone.
 */
export async function signInThroughRelay(page: Page, relayUrl: string, userId: number): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Settings' });
  await form.getByLabel('Relay address').fill(relayUrl);
  const opened = page.context().waitForEvent('page');
  await form.getByRole('button', { name: 'Sign in with Bitrix24' }).click();
  const browser = await opened;
  await browser.getByRole('button', { name: 'Continue to Bitrix24' }).click();
  await browser.locator(`button[name="user_id"][value="${userId}"]`).click();
  await browser.getByRole('heading', { name: 'Signed in' }).waitFor();
  await browser.close();
  await page
    .getByRole('status', { name: 'Relay status' })
    .filter({ hasText: /connected \(user/ })
    .waitFor();
  await form.getByRole('button', { name: 'Cancel' }).click();
}
