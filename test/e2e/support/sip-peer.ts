import type { Browser, Page } from '@playwright/test';
import type { PbxRigEndpoints } from '../../../sandbox/pbx/rig';
import type { AgentPageServer } from './agent-page-server';

/** window.agent of sipjs-agent.html: a bare sip.js peer (a customer or a colleague). */
interface PeerApi {
  ready: Promise<void>;
  log: Array<{
    event: string;
    at: number;
    callId?: string;
    from?: string;
    to?: string;
    replaces?: boolean;
    body?: string;
  }>;
  state(): string;
  call(target: string): Promise<string>;
  inboundAudio(): Promise<{ packetsReceived: number; audioLevel: number; totalAudioEnergy: number }>;
  direction(): string;
  hangup(): Promise<unknown>;
  transfer(target: string): Promise<number>;
  stop(): Promise<void>;
}
type PeerWindow = typeof globalThis & { agent: PeerApi };

/** A second sip.js peer in its own browser context, registered on the rig as `extension`. */
export interface SipPeer {
  page: Page;
  state(): Promise<string>;
  events(): Promise<string[]>;
  /** Calls `target`; resolves with the Call-ID once answered. */
  call(target: string): Promise<string>;
  /** Starts a call and returns at once (the callee may take its time to answer). */
  startCall(target: string): Promise<void>;
  inboundAudio(): Promise<{ packetsReceived: number; audioLevel: number; totalAudioEnergy: number }>;
  direction(): Promise<string>;
  hangup(): Promise<void>;
  /** Blind transfer of the current call to `target` (REFER); resolves with the REFER's answer code. */
  transfer(target: string): Promise<number>;
  /** The sipfrag bodies of the NOTIFYs received (how the transferee's new call is going). */
  notifications(): Promise<string[]>;
  close(): Promise<void>;
}

export interface PeerOptions {
  autoAnswer?: boolean;
  /** The number the peer's calls come from (a customer's), instead of its extension. */
  from?: string;
}

export async function openPeer(
  server: AgentPageServer,
  browser: Browser,
  rig: PbxRigEndpoints,
  extension: string,
  options: PeerOptions = {},
): Promise<SipPeer> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const url = server.agentUrl({
    ext: extension,
    ws: rig.wsUrl,
    domain: rig.sipDomain,
    password: rig.agentPassword,
    ...(options.autoAnswer ? { answer: 'auto' } : {}),
    ...(options.from ? { from: options.from } : {}),
  });
  await page.goto(url);
  await page.evaluate(() => (globalThis as PeerWindow).agent.ready);
  return {
    page,
    state: () => page.evaluate(() => (globalThis as PeerWindow).agent.state()),
    events: () => page.evaluate(() => (globalThis as PeerWindow).agent.log.map((entry) => entry.event)),
    call: (target) => page.evaluate((to) => (globalThis as PeerWindow).agent.call(to), target),
    startCall: async (target) => {
      await page.evaluate((to) => {
        void (globalThis as PeerWindow).agent.call(to).catch(() => undefined);
      }, target);
    },
    inboundAudio: () => page.evaluate(() => (globalThis as PeerWindow).agent.inboundAudio()),
    direction: () => page.evaluate(() => (globalThis as PeerWindow).agent.direction()),
    hangup: async () => {
      await page.evaluate(() => (globalThis as PeerWindow).agent.hangup());
    },
    transfer: (target) => page.evaluate((to) => (globalThis as PeerWindow).agent.transfer(to), target),
    notifications: () =>
      page.evaluate(() =>
        (globalThis as PeerWindow).agent.log
          .filter((entry) => entry.event === 'notify-received')
          .map((entry) => entry.body ?? ''),
      ),
    close: async () => {
      await page.evaluate(() => (globalThis as PeerWindow).agent.stop()).catch(() => undefined);
      await context.close();
    },
  };
}
