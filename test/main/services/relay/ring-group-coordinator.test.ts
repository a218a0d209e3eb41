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

/** Each agent's relay link, by its coordinator. */
const linkOf = new Map<RingGroupCoordinator, RelayLink>();

/** One agent's app, signed in through the relay, with its ring-group coordinator. */
async function agent(userId: number, hub: { requestTimeoutMs?: number } = {}): Promise<RingGroupCoordinator> {
  const profileDir = mkdtempSync(path.join(tmpdir(), 'ring-'));
  dirs.push(profileDir);
  const log = pino({ level: 'silent' });
  const link = new RelayLink({
    profileDir,
    secrets: createFileSecretStore(profileDir, log),
    log,
    openExternal: (url) => rig.authorizeInBrowser(url, userId),
    pollIntervalMs: 50,
    ...hub,
  });
  links.push(link);
  await link.signIn(rig.relayUrl);
  await eventually(
    () => link.status().state,
    (state) => state === 'connected',
  );
  // The production time-out (1.5 s) is for a ringing phone; a loaded test machine needs more.
  const coordinator = new RingGroupCoordinator(link, log, 5_000);
  linkOf.set(coordinator, link);
  return coordinator;
}

/** The relay's count of hub requests it refused as rate-limited. */
const refusedRequests = /relay_hub_requests_total\{method="any",outcome="rate-limited"\} (\d+)/;

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

  it('an answer made while the relay is away reaches it once the app is connected again', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const boris = await agent(2);
    const carla = await agent(3);
    const externalCallId = 'pbx-ring-3';
    const [first] = await Promise.all([boris.claim(externalCallId), carla.claim(externalCallId)]);
    const [claimant, member] = first.role === 'claimant' ? [boris, carla] : [carla, boris];
    claimant.registered(externalCallId, 'externalCall.ring.3');
    const callIds: string[] = [];
    member.onCallId((id, callId) => id === externalCallId && callIds.push(callId));
    await eventually(
      () => callIds,
      (ids) => ids.length === 1,
    );

    // The relay restarts; the member answers the moment its app lost the connection.
    const hub = linkOf.get(member)?.hub();
    if (!hub) throw new Error('no hub link');
    const answered = new Promise<Awaited<ReturnType<RingGroupCoordinator['answered']>>>((resolve) => {
      const off = hub.onState((state) => {
        if (state === 'connected') return;
        off();
        resolve(member.answered(externalCallId));
      });
    });
    await rig.restartRelay();
    expect(await answered).toEqual({ first: true, callId: 'externalCall.ring.3' });
    // The relay kept it: the claimant's answer comes second.
    expect(await claimant.answered(externalCallId)).toEqual({ first: false, callId: 'externalCall.ring.3' });
    // Two sign-ins, a relay restart and the app's reconnect backoff, on a busy two-core machine.
  }, 60_000);

  it('an answer the relay leaves unanswered on an open connection is sent again until it is answered', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const boris = await agent(2);
    // The hub's request time-out (10 s in the app) shortened; a loaded test machine needs 2 s.
    const carla = await agent(3, { requestTimeoutMs: 2_000 });
    const externalCallId = 'pbx-ring-4';
    expect((await boris.claim(externalCallId)).role).toBe('claimant');
    expect((await carla.claim(externalCallId)).role).toBe('member');

    // The relay takes the first answer in and never answers it, as an instance frozen with the
    // app's socket still open would.
    const claims = rig.stores.ringClaims;
    const answer = claims.answer.bind(claims);
    let answers = 0;
    claims.answer = (...args: Parameters<typeof answer>) => {
      answers += 1;
      return answers === 1 ? new Promise<never>(() => undefined) : answer(...args);
    };
    expect(await carla.answered(externalCallId)).toEqual({ first: true });
    expect(answers).toBe(2);
    // The relay has Carla's answer: the call is not missed, and Boris's answer comes second.
    expect(await boris.answered(externalCallId)).toEqual({ first: false });
  }, 30_000);

  it('an answer the relay refuses as rate-limited is sent again after a pause until the relay takes it', async () => {
    // The relay's clock stands still, so a spent request budget (one request at 0.5 a second) comes
    // back only when the test moves the clock on.
    let clock = Date.now();
    rig = await RelayRig.start({ relay: { limits: { sessionRatePerSecond: 0.5 } }, now: () => clock });
    await rig.install();
    const boris = await agent(2);
    const carla = await agent(3);
    const externalCallId = 'pbx-ring-5';
    clock += 60_000;
    expect((await boris.claim(externalCallId)).role).toBe('claimant');
    expect((await carla.claim(externalCallId)).role).toBe('member');

    // Carla's budget is spent on her claim: the relay refuses her answer until the clock moves on.
    const answered = carla.answered(externalCallId);
    await eventually(
      async () => (await (await fetch(`${rig.relayUrl}/metrics`)).text()).match(refusedRequests)?.[1],
      (refused) => Number(refused) >= 1,
    );
    clock += 60_000;
    expect(await answered).toEqual({ first: true });
    // The relay has Carla's answer: the call is not missed, and Boris's answer comes second.
    expect(await boris.answered(externalCallId)).toEqual({ first: false });
  }, 30_000);

  it('registers alone when the relay is not there', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const boris = await agent(2);
    await rig.relay.close();
    expect(await boris.claim('pbx-ring-2')).toEqual({ role: 'alone' });
  });
});
