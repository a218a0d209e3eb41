import { expect, type Page } from '@playwright/test';
import type { SippUas, UasOptions } from '../../../sandbox/pbx/sipp';
import { startRelayService, type RelayService } from '../../../sandbox/services/relay-service';
import type { Agent } from './agent';

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

/** An agent started on `extension` and signed in through `relay` (signInThroughRelay). */
export async function agentSignedInThrough(
  relay: E2eRelay,
  startAgent: (extension: string) => Promise<Agent>,
  extension: string,
): Promise<Agent> {
  const agent = await startAgent(extension);
  await signInThroughRelay(agent.page, relay.url, agent.userId);
  return agent;
}

/**
 * Where a click in the CRM is taken: the relay (giving the app 4 s to take a click), the outside
 * world answering (sipp's UAS, ringing briefly, echoing the audio) and agent 101 signed in through
 * the relay. Takes the test's fixtures of the same names (support/fixtures.ts).
 */
export async function clickToCallAgent(fixtures: {
  startRelay: (config?: Record<string, unknown>) => Promise<E2eRelay>;
  startUas: (options: Omit<UasOptions, 'rig'>) => Promise<SippUas>;
  startAgent: (extension: string) => Promise<Agent>;
}): Promise<{ relay: E2eRelay; uas: SippUas; agent: Agent }> {
  const relay = await fixtures.startRelay({ clickToCall: { acceptTimeoutMs: 4_000 } });
  const uas = await fixtures.startUas({ behaviour: 'answer', ringMs: 200, echoRtp: true });
  const agent = await agentSignedInThrough(relay, fixtures.startAgent, '101');
  return { relay, uas, agent };
}

/**
 * A click on `phone` by `userId`, as the emulator's CRM page makes it - with the `extension`
 * written after the number, if any, or made in the Bitrix24 mobile app (`isMobile`); its CALL_ID.
 */
export async function clickInCrm(
  portalOrigin: string,
  userId: number,
  phone: string,
  click: { extension?: string; isMobile?: boolean } = {},
): Promise<string> {
  const response = await fetch(`${portalOrigin}/_sandbox/click-to-call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      user_id: userId,
      phone,
      ...(click.extension === undefined ? {} : { extension: click.extension }),
      ...(click.isMobile ? { is_mobile: true } : {}),
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { CALL_ID: string }).CALL_ID;
}
