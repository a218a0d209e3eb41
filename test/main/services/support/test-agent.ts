import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { BitrixTokens } from '../../../../common/bitrix/oauth-tokens';
import type { CallFact } from '../../../../common/calls/call-fact';
import type { CallSummary } from '../../../../common/calls/call-summary';
import type { HostStatus } from '../../../../common/host-api/host-status';
import type { Settings } from '../../../../common/settings/settings';
import { createHostServices, type HostServices } from '../../../../main/services/host-services';
import type { HostServicesOptions } from '../../../../main/services/host-services-options';
import { createLogger } from '../../../../main/services/log/logger';
import { waitInTest } from '../../../support/wait-in-test';
import { startSandboxPortal, type SandboxPortal } from './sandbox-portal';

/** Backoffs short enough for tests: the same shape as production's, in tens of milliseconds. */
export const fastBackoff: NonNullable<HostServicesOptions['outbox']> = {
  stepBackoff: { baseMs: 40, factor: 2, maxMs: 400 },
  portalBackoff: { baseMs: 20, factor: 2, maxMs: 200 },
  // The emulator answers within milliseconds unless a test delays it on purpose (and then sets its own).
  lateRequestMs: 300,
};

export interface TestAgentOptions {
  tokens: BitrixTokens;
  profileDir?: string;
  settings?: Partial<Settings>;
  services?: Omit<HostServicesOptions, 'profileDir' | 'log'>;
}

/** The host services of one agent on a temporary profile, driven as the renderer would. */
export class TestAgent {
  readonly profileDir: string;
  services: HostServices;
  readonly #options: TestAgentOptions;
  readonly #closing = new AbortController();

  constructor(options: TestAgentOptions) {
    this.#options = options;
    this.profileDir = options.profileDir ?? mkdtempSync(path.join(os.tmpdir(), 'b24phone-agent-'));
    writeFileSync(path.join(this.profileDir, 'bitrix-tokens.json'), JSON.stringify(options.tokens), {
      mode: 0o600,
    });
    if (options.settings) {
      writeFileSync(
        path.join(this.profileDir, 'settings.json'),
        JSON.stringify({ cardPolicy: 'on-ring', defaultLineNumber: '', ...options.settings }),
      );
    }
    this.services = this.#start();
  }

  #start(): HostServices {
    return createHostServices({
      profileDir: this.profileDir,
      log: createLogger({ level: process.env.B24PHONE_TEST_LOG ?? 'silent' }),
      ...this.#options.services,
      outbox: { ...fastBackoff, ...this.#options.services?.outbox },
    });
  }

  async report(fact: CallFact) {
    return this.services.handlers['calls/report'](fact);
  }

  /** Reports `facts` in order, each of which must be accepted. */
  async reportAccepted(facts: readonly CallFact[]): Promise<void> {
    for (const fact of facts) expect(await this.report(fact), fact.type).toEqual({ accepted: true });
  }

  async history(limit = 500): Promise<CallSummary[]> {
    return this.services.handlers['calls/history']({ limit });
  }

  async status(): Promise<HostStatus> {
    return this.services.handlers['status/get']();
  }

  /**
   * Waits until `predicate` holds, polling (test/support/wait-in-test.ts): no deadline of its own,
   * the test's timeout bounds it; close() - the test's afterEach - stops a wait its timed-out test
   * left polling.
   */
  async until<T>(what: string, probe: () => Promise<T> | T, predicate: (value: T) => boolean): Promise<T> {
    return waitInTest(what, probe, predicate, this.#closing.signal);
  }

  /** Waits until every call of the history is synced. */
  async synced(): Promise<CallSummary[]> {
    return this.until(
      'every call synced',
      () => this.history(),
      (calls) => calls.every((call) => call.sync.state === 'synced'),
    );
  }

  /** Stops this host (as a clean quit) and starts a new one on the same profile. */
  async restart(): Promise<void> {
    await this.services.close();
    this.services = this.#start();
  }

  async close(): Promise<void> {
    this.#closing.abort();
    await this.services.close();
    if (!this.#options.profileDir) rmSync(this.profileDir, { recursive: true, force: true });
  }
}

/**
 * The portal emulator of a describe block and the agent (user `userId`) each of its tests starts
 * on it. Call it in the describe body: it registers the hooks that start the portal before the
 * block and stop it after, and after each test close the agent, lift the portal's faults, reset
 * its records and then run `afterEachTest` (for what a test may have configured).
 */
export function agentAtSandboxPortal(
  userId: number,
  { afterEachTest }: { afterEachTest?: (portal: SandboxPortal) => Promise<void> } = {},
) {
  let portal: SandboxPortal | undefined;
  let agent: TestAgent | undefined;
  const started = () => {
    if (!portal) throw new Error('the portal starts in beforeAll: use it inside a test or hook');
    return portal;
  };
  beforeAll(async () => {
    portal = await startSandboxPortal();
  });
  afterAll(async () => {
    await portal?.close();
  });
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
    await started().clearFaults();
    await started().reset();
    await afterEachTest?.(started());
  });
  return {
    /** The block's portal, usable in its tests and hooks (it forwards to the one beforeAll started). */
    portal: new Proxy({} as SandboxPortal, {
      get: (_, key): unknown => Reflect.get(started(), key),
    }),
    /** A new agent with the user's tokens: the one closed after the test (close an earlier one yourself). */
    startAgent: async (options: Partial<TestAgentOptions> = {}): Promise<TestAgent> => {
      agent = new TestAgent({ tokens: await started().tokens(userId), ...options });
      return agent;
    },
  };
}
