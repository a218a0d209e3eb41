import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { RelayLink } from '../../../../main/services/relay/relay-link';
import { createFileSecretStore } from '../../../../main/services/secrets/file-secret-store';
import { RingGroupCoordinator } from '../../../../main/services/relay/ring-group-coordinator';
import { eventually, RelayRig } from '../../../relay/support/relay-rig';

let rig: RelayRig;
const links: RelayLink[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const link of links.splice(0)) link.close();
  await rig?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** One agent's app, signed in through the relay, with its ring-group coordinator. */
async function agent(userId: number): Promise<RingGroupCoordinator> {
  const profileDir = mkdtempSync(path.join(tmpdir(), 'ring-'));
  dirs.push(profileDir);
  const log = pino({ level: 'silent' });
  const link = new RelayLink({
    profileDir,
    secrets: createFileSecretStore(profileDir, log),
    log,
    openExternal: (url) => rig.authorizeInBrowser(url, userId),
    pollIntervalMs: 50,
  });
  links.push(link);
  await link.signIn(rig.relayUrl);
  await eventually(
    () => link.status().state,
    (state) => state === 'connected',
  );
  // The production time-out (1.5 s) is for a ringing phone; a loaded test machine needs more.
  return new RingGroupCoordinator(link, log, 5_000);
}

describe('ring-group coordination, app side', () => {
  it('one claimant registers; the member gets the CALL_ID and hears who answered', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const boris = await agent(2);
    const carla = await agent(3);
    const externalCallId = 'pbx-ring-1';

    const [first, second] = await Promise.all([boris.claim(externalCallId), carla.claim(externalCallId)]);
    expect([first.role, second.role].sort()).toEqual(['claimant', 'member']);
    const [claimant, member] = first.role === 'claimant' ? [boris, carla] : [carla, boris];

    const callIds: string[] = [];
    member.onCallId((id, callId) => id === externalCallId && callIds.push(callId));
    const elsewhere: number[] = [];
    claimant.onAnsweredElsewhere((id, answeredBy) => id === externalCallId && elsewhere.push(answeredBy));

    claimant.registered(externalCallId, 'externalCall.ring.1');
    await eventually(
      () => callIds,
      (ids) => ids.length === 1,
    );
    expect(callIds).toEqual(['externalCall.ring.1']);
    expect(await member.answered(externalCallId)).toEqual({ first: true, callId: 'externalCall.ring.1' });
    await eventually(
      () => elsewhere,
      (ids) => ids.length === 1,
    );
    expect(elsewhere).toEqual([member === boris ? 2 : 3]);
  });

  it('registers alone when the relay is not there', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const boris = await agent(2);
    await rig.relay.close();
    expect(await boris.claim('pbx-ring-2')).toEqual({ role: 'alone' });
  });
});
