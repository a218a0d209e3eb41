import { Registerer, RegistererState, UserAgent, type Invitation, type UserAgentOptions } from 'sip.js';
import WebSocket from 'ws';
import type { PbxRigEndpoints } from './rig';
import { waitUntil } from './wait-until';

/**
 * A signalling-only agent in Node: sip.js registers an extension over the rig's WebSocket and
 * records the INVITEs it receives, without media (no WebRTC in Node). Enough to prove
 * registration, routing and forking, and to play a second party in tests; calls with audio need
 * Chromium (test/e2e/rig.spec.ts).
 */
export interface WsAgent {
  extension: string;
  userAgent: UserAgent;
  /** Every INVITE received so far, newest last. */
  invitations: Invitation[];
  waitForInvitation(timeoutMs?: number): Promise<Invitation>;
  /** Unregisters (so the next test does not fork to a dead connection) and disconnects. */
  stop(): Promise<void>;
}

export interface WsAgentOptions {
  rig: Pick<PbxRigEndpoints, 'wsUrl' | 'sipDomain' | 'agentPassword'>;
  extension: string;
  /** What to do with an incoming INVITE; default: leave it ringing (the test decides). */
  onInvite?: (invitation: Invitation) => void;
  /** Extra sip.js options (e.g. a different password, to test a refused registration). */
  userAgentOptions?: Partial<UserAgentOptions>;
}

/** Registers `extension` and resolves once Kamailio accepted the REGISTER (200 OK). */
export async function startWsAgent(options: WsAgentOptions): Promise<WsAgent> {
  // sip.js's transport uses the browser's global WebSocket; in Node the ws package provides it.
  const global = globalThis as { WebSocket?: unknown };
  global.WebSocket ??= WebSocket;

  const uri = UserAgent.makeURI(`sip:${options.extension}@${options.rig.sipDomain}`);
  if (!uri) throw new Error(`not a SIP URI: sip:${options.extension}@${options.rig.sipDomain}`);
  const invitations: Invitation[] = [];
  const userAgent = new UserAgent({
    uri,
    transportOptions: { server: options.rig.wsUrl },
    authorizationUsername: options.extension,
    authorizationPassword: options.rig.agentPassword,
    logBuiltinEnabled: false,
    delegate: {
      onInvite: (invitation) => {
        invitations.push(invitation);
        options.onInvite?.(invitation);
      },
    },
    ...options.userAgentOptions,
  });
  await userAgent.start();
  const registerer = new Registerer(userAgent);
  const registered = new Promise<void>((resolve, reject) => {
    registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Registered) resolve();
    });
    void registerer
      .register({
        requestDelegate: {
          onReject: (response) =>
            reject(new Error(`REGISTER of ${options.extension} refused: ${response.message.statusCode}`)),
        },
      })
      .catch(reject);
  });
  try {
    await registered;
  } catch (error) {
    await userAgent.stop();
    throw error;
  }

  return {
    extension: options.extension,
    userAgent,
    invitations,
    waitForInvitation: (timeoutMs = 5_000) =>
      waitUntil(`an INVITE for ${options.extension}`, () => invitations.at(-1), {
        timeoutMs,
        intervalMs: 5,
      }),
    async stop() {
      if (userAgent.isConnected() && registerer.state === RegistererState.Registered) {
        await new Promise<void>((resolve) => {
          registerer.stateChange.addListener((state) => {
            if (state === RegistererState.Unregistered) resolve();
          });
          registerer.unregister().catch(() => resolve());
          setTimeout(resolve, 2_000);
        });
      }
      await userAgent.stop();
    },
  };
}
