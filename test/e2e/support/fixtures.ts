import { test as base } from '@playwright/test';
import type { PbxRigEndpoints } from '../../../sandbox/pbx/rig';
import { startUas, type SippUas, type UasOptions } from '../../../sandbox/pbx/sipp';
import { PortalClient } from '../../../sandbox/portal/sandbox-client';
import { serveAgentPage, type AgentPageServer } from './agent-page-server';
import { startAgent, type Agent } from './agent';
import { openPeer, type PeerOptions, type SipPeer } from './sip-peer';
import { pbxEndpoints } from './pbx';
import { portalUrl } from './portal';
import { switchPortalCountry } from './portal-country';
import { startRelayClusterForE2e, startRelayForE2e, type E2eRelay, type E2eRelayCluster } from './relay';

interface WorkerFixtures {
  /** Serves the bare sip.js peer page (sipjs-agent.html) for the worker's specs. */
  peerPages: AgentPageServer;
}

interface Fixtures {
  /** The PBX rig the global setup started. */
  rig: PbxRigEndpoints;
  /** The portal emulator, reset before each test (calls, requests, events, faults; tokens stay). */
  portal: PortalClient;
  /** Starts an agent on an extension; every agent started is stopped after the test. */
  startAgent: (
    extension: string,
    options?: Pick<
      Parameters<typeof startAgent>[0],
      | 'settings'
      | 'expectRegistered'
      | 'fakeAudioWav'
      | 'beforeLoad'
      | 'contextOptions'
      | 'beforeStart'
      | 'hostArgs'
      | 'browserEnv'
    >,
  ) => Promise<Agent>;
  /** Opens a second sip.js peer (a customer or a colleague) on an extension; closed after the test. */
  openPeer: (extension: string, options?: PeerOptions) => Promise<SipPeer>;
  /**
   * Makes the portal emulator a portal of that country (RU, DE, US...) for this test, before its
   * relay starts; the country it had comes back after the test, the other tests expect it.
   */
  portalCountry: (code: string) => Promise<void>;
  /**
   * Starts this test's relay for the portal (support/relay.ts; `config` laid over its configuration
   * file), in the test's output folder; stopped after the test.
   */
  startRelay: (config?: Record<string, unknown>) => Promise<E2eRelay>;
  /**
   * Starts this test's relays (`instances`, two unless told) on a private PostgreSQL behind HAProxy
   * for the portal (support/relay.ts; `config` laid over their configuration file); stopped after
   * the test.
   */
  startRelayCluster: (config?: Record<string, unknown>, instances?: number) => Promise<E2eRelayCluster>;
  /** Starts sipp's UAS on the rig: the outside world the agents call; stopped after the test. */
  startUas: (options: Omit<UasOptions, 'rig'>) => Promise<SippUas>;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  peerPages: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await serveAgentPage();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  openPeer: async ({ browser, rig, peerPages }, use) => {
    const peers: SipPeer[] = [];
    await use(async (extension, options = {}) => {
      const peer = await openPeer(peerPages, browser, rig, extension, options);
      peers.push(peer);
      return peer;
    });
    await Promise.all(peers.map((peer) => peer.close()));
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a pattern.
  rig: async ({}, use) => use(pbxEndpoints()),
  // eslint-disable-next-line no-empty-pattern
  portal: async ({}, use) => {
    const portal = new PortalClient(portalUrl());
    await portal.reset();
    await use(portal);
  },
  portalCountry: async ({ portal }, use) => {
    let was: string | undefined;
    await use(async (code) => {
      const before = await switchPortalCountry(portal, code);
      was ??= before;
    });
    // The emulator serves the whole run; its other tests expect the country it had.
    if (was !== undefined) await switchPortalCountry(portal, was);
  },
  startRelay: async ({ portal }, use, testInfo) => {
    const relays: E2eRelay[] = [];
    await use(async (config = {}) => {
      const relay = await startRelayForE2e(portal.origin, testInfo.outputPath('relay'), config);
      relays.push(relay);
      return relay;
    });
    for (const relay of relays) await relay.stop();
  },
  startRelayCluster: async ({ portal }, use, testInfo) => {
    const clusters: E2eRelayCluster[] = [];
    await use(async (config = {}, instances = 2) => {
      const directory = testInfo.outputPath('relays');
      const cluster = await startRelayClusterForE2e(portal.origin, directory, { instances, config });
      clusters.push(cluster);
      return cluster;
    });
    for (const cluster of clusters) await cluster.stop();
  },
  startUas: async ({ rig }, use) => {
    const started: SippUas[] = [];
    await use(async (options) => {
      const uas = await startUas({ rig, ...options });
      started.push(uas);
      return uas;
    });
    for (const uas of started) await uas.stop();
  },
  startAgent: async ({ browser, rig, portal }, use, testInfo) => {
    const agents: Agent[] = [];
    await use(async (extension, options = {}) => {
      const agent = await startAgent({
        browser,
        rig,
        portal,
        extension,
        directory: testInfo.outputPath(`agent-${extension}`),
        ...options,
      });
      agents.push(agent);
      return agent;
    });
    // Unregistered agents leave no contact behind for the next test to fork to (pitfall 5 in
    // docs/ARCHITECTURE.md#rig-pitfalls).
    await Promise.all(agents.map((agent) => agent.stop()));
  },
});

export { expect } from '@playwright/test';
