import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { SippUas, UasOptions } from '../../../sandbox/pbx/sipp';
import { waitUntil } from '../../../sandbox/pbx/wait-until';
import { RelayCluster } from '../../../sandbox/relay/relay-cluster';
import {
  installRelayApp,
  startRelayService,
  writeRelayConfig,
  type RelayService,
} from '../../../sandbox/services/relay-service';
import type { Agent } from './agent';

export type E2eRelay = RelayService;

const e2eLines = [{ number: '74950001122', name: 'Main line' }];

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
    lines: e2eLines,
    config,
  });
}

/**
 * Relays on one private PostgreSQL behind HAProxy for an end-to-end test
 * (sandbox/relay/relay-cluster.ts), with the suite's external line, the emulator's main
 * application installed through the balancer: the portal posts its events to the balancer and the
 * agents sign in there. The cluster's folder is a temporary one (PostgreSQL's server runs as its
 * own user and needs every folder above its data to be open to it); `stop()` stops every process
 * by its PID and keeps the relays' and the balancer's logs in `directory`.
 */
export async function startRelayClusterForE2e(
  portalOrigin: string,
  directory: string,
  options: { instances: number; config?: Record<string, unknown> },
): Promise<E2eRelayCluster> {
  const env = await writeRelayConfig({
    portalOrigin,
    directory,
    lines: e2eLines,
    config: options.config ?? {},
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'e2e-relay-cluster-'));
  let cluster: RelayCluster | undefined;
  const stop = async () => {
    await cluster?.stop();
    for (const log of readdirSync(dir).filter((name) => name.endsWith('.log')))
      copyFileSync(path.join(dir, log), path.join(directory, log));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    cluster = await RelayCluster.start({ dir, instances: options.instances, env });
    await installRelayApp(portalOrigin, cluster.url);
    return { cluster, url: cluster.url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface E2eRelayCluster {
  cluster: RelayCluster;
  /** The balancer's address: the relays' public URL. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Signs the agent in through the balancer with every other instance drained, so that the app's hub
 * connection is on instance `index`: waits until that instance's own count of connections says so
 * (and fails if another instance's count moved meanwhile).
 */
export async function signInAtInstance(
  relay: E2eRelayCluster,
  page: Page,
  userId: number,
  index: number,
): Promise<void> {
  const { cluster } = relay;
  const instances = cluster.relays.map((_, at) => at);
  const others = instances.filter((other) => other !== index);
  const before = await Promise.all(instances.map((at) => cluster.agentConnections(at)));
  for (const other of others) await cluster.drain(other, true);
  try {
    await signInThroughRelay(page, relay.url, userId);
    await waitUntil(
      `the app's hub connection at relay${index + 1}`,
      async () => ((await cluster.agentConnections(index)) === (before[index] ?? 0) + 1 ? true : undefined),
      { timeoutMs: 15_000, intervalMs: 50 },
    );
  } finally {
    for (const other of others) await cluster.drain(other, false);
  }
  const after = await Promise.all(instances.map((at) => cluster.agentConnections(at)));
  const moved = others.filter((other) => after[other] !== before[other]);
  if (moved.length > 0)
    throw new Error(`agent connections changed at ${moved.map((other) => `relay${other + 1}`).join(', ')}`);
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
