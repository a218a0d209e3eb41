import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallFact } from '../../../common/calls/call-fact';
import { recoveredFailedReason } from '../../../common/calls/call-lifecycle';
import type { CallSummary } from '../../../common/calls/call-summary';
import type { HostStatus } from '../../../common/host-api/host-status';
import type { Settings } from '../../../common/settings/settings';
import { isoWithOffset } from '../../../common/time/iso-with-offset';
import { encodeToneChunks } from '../../support/mp3-fixture';
import { waitInTest } from '../../support/wait-in-test';
import { portalProblems, type ExpectedCall } from './support/call-scripts';
import { startSandboxPortal, type SandboxPortal } from './support/sandbox-portal';
import { WebHostProcess } from './support/web-host-process';

/**
 * The host process killed with SIGKILL at each step of a call, then started again on the same
 * profile: the portal ends up with exactly one registration and one finish per call, with the
 * right start, duration and status - a call the dead process left ringing or connected is
 * finished from the journal with the best-known duration and a FAILED_REASON saying so.
 * The real web host (`main/web-host/cli.ts`) in its own process, driven through its bridge.
 * Each test starts two or three host processes (`node --import tsx`): several seconds each on a
 * busy two-core machine, hence the budget.
 */
const budget = 180_000;

describe('host process killed (SIGKILL) at each step of a call', { timeout: budget }, () => {
  const me = 2;
  const number = '+79161234567';
  let portal: SandboxPortal;
  let workDir: string;
  let profileDir: string;
  let host: WebHostProcess | undefined;
  /** The running test's signal: aborted when it times out, it stops its hosts and its waits. */
  let signal: AbortSignal;
  let sequence = 0;

  beforeAll(async () => {
    portal = await startSandboxPortal();
  });
  afterAll(async () => {
    await portal.close();
  });
  beforeEach(async (context) => {
    signal = context.signal;
    workDir = mkdtempSync(path.join(os.tmpdir(), 'b24phone-kill-'));
    profileDir = path.join(workDir, 'profile');
    await startHostWithTokens();
  }, budget);
  afterEach(async () => {
    // Also the host a timed-out test was still starting: it would sync into the next test.
    await WebHostProcess.stopAll();
    host = undefined;
    rmSync(workDir, { recursive: true, force: true });
    await portal.clearFaults();
    await portal.reset();
  });

  async function startHostWithTokens(): Promise<void> {
    mkdirSync(profileDir, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(profileDir, 'bitrix-tokens.json'), JSON.stringify(await portal.tokens(me)), {
      mode: 0o600,
    });
    await restart();
  }

  /** A new host process on the same profile. `lateRequestMs` models the portal's request window. */
  async function restart(lateRequestMs = 2_500): Promise<void> {
    host = await WebHostProcess.start(
      profileDir,
      ['--log-level', 'warn', '--tuning', JSON.stringify({ lateRequestMs })],
      signal,
    );
  }

  async function kill(): Promise<number> {
    const at = Date.now();
    await host!.kill9();
    return at;
  }

  const report = async (fact: CallFact) =>
    expect(await host!.call('calls/report', fact), fact.type).toEqual({ accepted: true });
  const history = () => host!.call<CallSummary[]>('calls/history', { limit: 50 });

  const until = <T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean) =>
    waitInTest(what, probe, done, signal);
  const synced = () =>
    until('synced', history, (calls) => calls.length > 0 && calls.every((c) => c.sync.state === 'synced'));
  const retrying = () => until('retrying', history, (calls) => calls[0]?.sync.state === 'retrying');

  /** Kills the host, lifts the portal's faults and starts a new host that syncs; returns when the host was killed. */
  async function killAndRestartFaultless(): Promise<number> {
    const killedAt = await kill();
    await portal.clearFaults();
    await restart();
    await synced();
    return killedAt;
  }

  /**
   * Delays `method` at the portal, does `act`, kills the host once that request reached the
   * portal (the portal still carries it out, late), and starts a new host that syncs. Returns
   * when the host was killed.
   */
  async function killWhileInFlight(method: string, act: () => Promise<void>): Promise<number> {
    await portal.faults({ delayMs: 1_500, methods: [method] });
    await act();
    await until(
      `${method} to reach the portal`,
      () => portal.requests(method),
      (r) => r.length > 0,
    );
    return killAndRestartFaultless();
  }

  function newCall(): { callKey: string; ringing: CallFact; at: number } {
    sequence += 1;
    const callKey = `kill-${sequence}-${Date.now()}`;
    const at = Date.now();
    return {
      callKey,
      at,
      ringing: {
        type: 'ringing',
        callKey,
        direction: 'incoming',
        sipCallId: `${callKey}@sip`,
        remoteNumber: number,
        at,
      },
    };
  }

  function expected(call: { callKey: string; at: number }, finish: ExpectedCall['finish']): ExpectedCall {
    return {
      label: call.callKey,
      externalCallId: `${call.callKey}@sip`,
      userId: me,
      phoneNumber: number,
      type: 2,
      callStartDate: isoWithOffset(call.at),
      finish,
      activity: true,
    };
  }

  it('killed while ringing, before the register left (portal down): registered and finished as missed after restart', async () => {
    const call = newCall();
    await portal.faults({ down: true });
    await report(call.ringing);
    await retrying();
    await killAndRestartFaultless();
    expect(
      await portalProblems(portal, [
        expected(call, { DURATION: 0, STATUS_CODE: '304', FAILED_REASON: recoveredFailedReason }),
      ]),
    ).toEqual([]);
    expect((await portal.calls())[0]?.register.SHOW).toBe('0');
  });

  it('killed while ringing, after the register: finished as missed, the card closed', async () => {
    const call = newCall();
    await report(call.ringing);
    await synced();
    expect((await portal.calls())[0]?.cardsShownTo).toEqual([me]);
    await kill();
    await restart();
    await synced();
    expect(
      await portalProblems(portal, [
        expected(call, { DURATION: 0, STATUS_CODE: '304', FAILED_REASON: recoveredFailedReason }),
      ]),
    ).toEqual([]);
  });

  it('killed while connected: finished as answered with the talk time known until its last sign of life', async () => {
    const call = newCall();
    await report(call.ringing);
    const answeredAt = Date.now();
    await report({ type: 'answered', callKey: call.callKey, at: answeredAt });
    await synced();
    await new Promise((resolve) => setTimeout(resolve, 2_600));
    const killedAt = await kill();
    await restart();
    await synced();
    // The heartbeat runs every second while a call is live: the duration is known to that second.
    const upper = Math.ceil((killedAt - answeredAt) / 1000);
    const finish = {
      DURATION: { min: upper - 2, max: upper },
      STATUS_CODE: '200',
      FAILED_REASON: recoveredFailedReason,
    };
    expect(await portalProblems(portal, [expected(call, finish)])).toEqual([]);
  });

  it('killed after the hangup, before the finish left (portal down): the finish goes after restart, exact', async () => {
    const call = newCall();
    await report(call.ringing);
    await report({ type: 'answered', callKey: call.callKey, at: call.at + 3_000 });
    await synced();
    await portal.faults({ down: true });
    await report({
      type: 'ended',
      callKey: call.callKey,
      reason: { kind: 'hangup', by: 'remote' },
      at: call.at + 45_400,
    });
    await retrying();
    await killAndRestartFaultless();
    expect(await portalProblems(portal, [expected(call, { DURATION: 42, STATUS_CODE: '200' })])).toEqual([]);
  });

  it('killed while the register was in flight: the late register and ours make one call, finished once', async () => {
    const call = newCall();
    await killWhileInFlight('telephony.externalCall.register', () => report(call.ringing));
    expect(
      await portalProblems(portal, [
        expected(call, { DURATION: 0, STATUS_CODE: '304', FAILED_REASON: recoveredFailedReason }),
      ]),
    ).toEqual([]);
    const [registered] = await portal.calls();
    expect(registered?.registerRequests.length).toBe(2);
  });

  it('killed while the finish was in flight: it lands once; the repeat is "already finished"', async () => {
    const call = newCall();
    await report(call.ringing);
    await report({ type: 'answered', callKey: call.callKey, at: call.at + 2_000 });
    await synced();
    await killWhileInFlight('telephony.externalCall.finish', () =>
      report({
        type: 'ended',
        callKey: call.callKey,
        reason: { kind: 'hangup', by: 'local' },
        at: call.at + 32_000,
      }),
    );
    expect(await portalProblems(portal, [expected(call, { DURATION: 30, STATUS_CODE: '200' })])).toEqual([]);
    await until(
      'both finishes to be answered',
      () => portal.calls(),
      (calls) => (calls[0]?.finishRequests.length ?? 0) === 2,
    );
  });

  it('killed while the card-on-answer show was in flight: finished once, no card left open', async () => {
    await host!.stop();
    writeFileSync(path.join(profileDir, 'settings.json'), JSON.stringify({ cardPolicy: 'on-answer' }));
    await restart();
    const call = newCall();
    await report(call.ringing);
    await synced();
    expect((await portal.calls())[0]?.register.SHOW).toBe('0');
    const answeredAt = Date.now();
    const killedAt = await killWhileInFlight('telephony.externalCall.show', () =>
      report({ type: 'answered', callKey: call.callKey, at: answeredAt }),
    );
    const upper = Math.ceil((killedAt - answeredAt) / 1000);
    expect(
      await portalProblems(portal, [
        expected(call, {
          DURATION: { min: 0, max: upper },
          STATUS_CODE: '200',
          FAILED_REASON: recoveredFailedReason,
        }),
      ]),
    ).toEqual([]);
  });

  it('killed while the transfer (show for the target, hide for us) was in flight: finished once, no card left', async () => {
    const call = newCall();
    await report(call.ringing);
    const answeredAt = call.at + 1_000;
    await report({ type: 'answered', callKey: call.callKey, at: answeredAt });
    await synced();
    // The show for the target and the hide for us go together, in one batch.
    await killWhileInFlight('batch', () =>
      report({
        type: 'transferred',
        callKey: call.callKey,
        target: { number: '102', userId: 3 },
        at: answeredAt + 20_000,
      }),
    );
    expect(
      await portalProblems(portal, [
        expected(call, { DURATION: 20, STATUS_CODE: '200', FAILED_REASON: recoveredFailedReason }),
      ]),
    ).toEqual([]);
  });

  it('killed while the recording was being attached: attached once, after the finish', async () => {
    const call = newCall();
    await report(call.ringing);
    await report({ type: 'answered', callKey: call.callKey, at: call.at + 1_000 });
    await host!.call('recording/start', { callKey: call.callKey });
    let offset = 0;
    for (const chunk of await encodeToneChunks(3)) {
      expect(
        await host!.call('recording/append', {
          callKey: call.callKey,
          offset,
          data: chunk.toString('base64'),
        }),
      ).toMatchObject({ ok: true });
      offset += chunk.length;
    }
    await host!.call('recording/finish', { callKey: call.callKey });
    await killWhileInFlight('telephony.externalCall.attachRecord', () =>
      report({
        type: 'ended',
        callKey: call.callKey,
        reason: { kind: 'hangup', by: 'remote' },
        at: call.at + 4_000,
      }),
    );
    expect(await portalProblems(portal, [expected(call, { DURATION: 3, STATUS_CODE: '200' })])).toEqual([]);
    const [held] = await portal.calls();
    const attached = await until(
      'every attachRecord answered',
      async () =>
        (await (await fetch(`${portal.url}/_sandbox/calls/${encodeURIComponent(held!.CALL_ID)}`)).json()) as {
          finishedAt: string;
          records: Array<{ attachedAt: string }>;
          attachRecordRequests: Array<{ outcome: string }>;
        },
      (described) => described.attachRecordRequests.length === 2,
    );
    // The dead process's upload landed late and ours replaced it: one recording, after the finish.
    expect(attached.attachRecordRequests.map((request) => request.outcome)).toEqual(['ok', 'ok']);
    expect(attached.records).toHaveLength(1);
    expect(Date.parse(attached.records[0]!.attachedAt)).toBeGreaterThanOrEqual(
      Date.parse(attached.finishedAt),
    );
  });

  it('killed after everything was delivered: a restart sends nothing again', async () => {
    const call = newCall();
    await report(call.ringing);
    await report({ type: 'answered', callKey: call.callKey, at: call.at + 1_000 });
    await report({
      type: 'ended',
      callKey: call.callKey,
      reason: { kind: 'hangup', by: 'remote' },
      at: call.at + 11_000,
    });
    await synced();
    const before = (await portal.requests()).length;
    await kill();
    await restart();
    await synced();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await portal.requests()).length).toBe(before);
    expect(await portalProblems(portal, [expected(call, { DURATION: 10, STATUS_CODE: '200' })])).toEqual([]);
    const status = await host!.call<HostStatus>('status/get');
    expect(status.outbox.waitingCalls).toBe(0);
  });

  /** crmCreate.missed: a missed call from an unknown number (the setting turned on first). */
  const unknown = '+79990001122';
  async function missedCallFromUnknown(): Promise<void> {
    const settings = await host!.call<Settings>('settings/get');
    await host!.call('settings/save', { ...settings, crmCreate: { ...settings.crmCreate, missed: true } });
    const call = newCall();
    await report({ ...call.ringing, remoteNumber: unknown } as CallFact);
    await report({
      type: 'ended',
      callKey: call.callKey,
      reason: { kind: 'caller-cancelled', completedElsewhere: false },
      at: call.at + 3_000,
    });
  }

  /** What the portal's CRM must hold after the missed call: one lead for the number, one open call activity on it. */
  async function expectOneLeadWithItsActivity() {
    const leads = (await portal.crm()).filter(
      (entity) =>
        entity.type === 'LEAD' && (entity.PHONE as Array<{ VALUE: string }>).some((p) => p.VALUE === unknown),
    );
    expect(leads).toHaveLength(1);
    const added = (await portal.activities()).filter((activity) => activity.CALL_ID === '');
    expect(added).toEqual([
      expect.objectContaining({ OWNER_TYPE: 'LEAD', OWNER_ID: leads[0]!.ID, COMPLETED: 'N' }),
    ]);
  }

  /** The host killed mid-way through the missed call's lead, with `method` in flight. */
  async function killedDuringMissedCallLead(method: 'crm.lead.add' | 'crm.activity.add') {
    await killWhileInFlight(method, missedCallFromUnknown);
    await expectOneLeadWithItsActivity();
  }

  it("killed while the missed call's lead.add was in flight: the lead that landed late is the one, no second", async () => {
    await killedDuringMissedCallLead('crm.lead.add');
  });

  it("killed while the missed call's activity.add was in flight: one lead, one activity", async () => {
    await killedDuringMissedCallLead('crm.activity.add');
  });

  it("killed after the missed call's lead.add, before any activity.add got through: the journaled lead gets the activity, no second lead", async () => {
    // Every activity.add is refused, so none lands: after the restart only the lead's ID the
    // journal kept ties the activity to the lead (the number is known to the CRM by then).
    await portal.faults({ status500: { count: 1_000, methods: ['crm.activity.add'] } });
    await missedCallFromUnknown();
    await until(
      'an activity.add refused',
      () => portal.requests('crm.activity.add'),
      (r) => r.length > 0,
    );
    const searches = (await portal.requests('telephony.externalCall.searchCrmEntities')).length;
    await killAndRestartFaultless();
    expect(await portal.requests('crm.lead.add')).toHaveLength(1);
    await expectOneLeadWithItsActivity();
    // The journaled ID, not a search by the number (which would find the same lead), named it.
    expect(await portal.requests('telephony.externalCall.searchCrmEntities')).toHaveLength(searches);
  });
});
