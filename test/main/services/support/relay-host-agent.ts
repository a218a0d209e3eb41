import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { CallFact } from '../../../../common/calls/call-fact';
import type { HostEventName, HostEventPayload } from '../../../../common/host-api/contract';
import { createHostServices, type HostServices } from '../../../../main/services/host-services';
import { eventually, type RelayRig } from '../../../relay/support/relay-rig';

/** An agent's host services (journal, outbox, tracker, relay link) signed in through the relay. */
export interface RelayHostAgent {
  host: HostServices;
  profileDir: string;
  report(fact: CallFact): Promise<{ accepted: boolean; reason?: string | undefined }>;
  seen<E extends HostEventName>(event: E): HostEventPayload<E>[];
}

export interface RelayHostAgentOptions {
  /** Whether the phone reports itself SIP-registered (default yes). */
  registered?: boolean;
  /** The profile of an earlier run: started on it as the app does after a restart (the relay
   * session kept there), without a new sign-in. */
  keptProfile?: string;
  /** Where the app reaches the relay, if not directly (e.g. through a proxy the test can cut). */
  relayUrl?: string;
  /** How long a ring-group member waits for the claimant's CALL_ID (the app's default unless given). */
  memberWaitMs?: number;
}

const hosts: HostServices[] = [];
const dirs: string[] = [];

/** An agent's host services, signed in through the rig's relay, reporting the phone's state. */
export async function relayHostAgent(
  rig: RelayRig,
  userId: number,
  options: RelayHostAgentOptions = {},
): Promise<RelayHostAgent> {
  const { keptProfile } = options;
  const profileDir = keptProfile ?? mkdtempSync(path.join(tmpdir(), `agent-${userId}-`));
  if (!keptProfile) dirs.push(profileDir);
  const host = createHostServices({
    profileDir,
    log: pino({ level: 'silent' }),
    openExternal: (url) => rig.authorizeInBrowser(url, userId),
    // A loaded test machine can take longer than a ringing phone should wait.
    relay: {
      claimTimeoutMs: 5_000,
      ...(options.memberWaitMs ? { memberWaitMs: options.memberWaitMs } : {}),
    },
  });
  hosts.push(host);
  const emitted: { event: HostEventName; payload: unknown }[] = [];
  for (const event of ['phone/command', 'relay/callback-offer', 'relay/dial', 'calls/missed'] as const) {
    host.events.on(event, (payload) => emitted.push({ event, payload }));
  }
  if (!keptProfile) await host.handlers['relay/sign-in']({ relayUrl: options.relayUrl ?? rig.relayUrl });
  await eventually(
    async () => (await host.handlers['status/get']()).relay?.state,
    (state) => state === 'connected',
  );
  await host.handlers['phone/state']({
    registration: options.registered === false ? 'failed' : 'registered',
    dnd: false,
    calls: [],
  });
  return {
    host,
    profileDir,
    report: async (fact) => host.handlers['calls/report'](fact),
    seen: <E extends HostEventName>(event: E) =>
      emitted.filter((entry) => entry.event === event).map((entry) => entry.payload as HostEventPayload<E>),
  };
}

/** Closes every agent's host services (a second close is a no-op) and removes their profiles:
 * in the test's afterEach, before the rig closes. */
export async function closeRelayHostAgents(): Promise<void> {
  for (const host of hosts.splice(0)) await host.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The customer whose calls the agents take (a contact of the emulator's CRM). */
export const customer = '+79161234567';

/** A customer's call to the relay's line ringing one agent's phone, as the phone reports it. */
export function customerRinging(leg: {
  callKey: string;
  sipCallId: string;
  at: number;
  referred?: true;
}): CallFact {
  return {
    type: 'ringing',
    direction: 'incoming',
    remoteNumber: customer,
    lineNumber: '74950001122',
    ...leg,
  };
}

/** The caller gives up: the PBX cancels each member's ringing leg (`callKey`) at `at`. */
export async function callerGaveUp(
  legs: ReadonlyArray<readonly [RelayHostAgent, string]>,
  at: number,
): Promise<void> {
  for (const [member, callKey] of legs) {
    await member.report({
      type: 'ended',
      callKey,
      reason: { kind: 'caller-cancelled', completedElsewhere: false },
      at,
    });
  }
}
