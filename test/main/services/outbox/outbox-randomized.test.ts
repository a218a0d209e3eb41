import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallFact } from '../../../../common/calls/call-fact';
import type { CallSummary } from '../../../../common/calls/call-summary';
import type { HostStatus } from '../../../../common/host-api/host-status';
import type { FaultBody } from '../../../../sandbox/portal/faults';
import {
  crmNumbers,
  portalProblems,
  recoveredExpectation,
  scenarios,
  script,
  unknownNumbers,
  type ExpectedCall,
  type ScriptedCall,
} from '../support/call-scripts';
import { waitInTest } from '../../../support/wait-in-test';
import { startSandboxPortal, type SandboxPortal } from '../support/sandbox-portal';
import { WebHostProcess } from '../support/web-host-process';

/**
 * Hundreds of calls against a random fault schedule - portal down, 503 bursts, 500s, answers
 * slower than the timeout, revoked sign-ins, and the host process killed with SIGKILL - and at
 * the end the same invariant as every fault test: the portal holds exactly one registration and
 * one finish per call, with the right start, duration and status, none left open.
 * Reproducible schedule: `OUTBOX_SEED=<n> npx vitest run test/main/services/outbox/outbox-randomized.test.ts`.
 * (The schedule and the calls follow the seed; network timing does not, and need not: the
 * invariant must hold whatever it is.)
 */
const seed = Number(process.env.OUTBOX_SEED ?? 20261121);
const callCount = Number(process.env.OUTBOX_CALLS ?? 400);
const kills = 4;

/** mulberry32: small, seedable, good enough for schedules. */
function prng(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe(`outbox randomized (seed ${seed}, ${callCount} calls)`, () => {
  const me = 2;
  let portal: SandboxPortal;
  let workDir: string;

  beforeAll(async () => {
    portal = await startSandboxPortal({
      // The limit is exercised by the benchmark at its real value; here it only must not dominate.
      rateLimit: { burst: 50, drainPerSecond: 25 },
      // The documented dedupe (open calls only): the stricter reading for a client.
      ambiguities: { dedupeIncludesFinished: false },
    });
    workDir = mkdtempSync(path.join(os.tmpdir(), 'b24phone-random-'));
  });
  afterAll(async () => {
    // Also a host the timed-out test was still starting.
    await WebHostProcess.stopAll();
    await portal.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  // Five host processes (one start and four restarts after kill -9), each 22-49 s to start at load
  // average 22, and 400 calls: every wait is for a condition, this budget is only the safety net.
  it('delivers every call exactly once whatever fails', { timeout: 360_000 }, async ({ signal }) => {
    const random = prng(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const profileDir = path.join(workDir, 'profile');
    mkdirSync(profileDir, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(profileDir, 'bitrix-tokens.json'), JSON.stringify(await portal.tokens(me)));
    const tuning = {
      bitrixTimeoutMs: 300,
      lateRequestMs: 1_200,
      stepBackoff: { baseMs: 50, factor: 2, maxMs: 800 },
      portalBackoff: { baseMs: 25, factor: 2, maxMs: 400 },
      rateLimit: { burst: 50, perSecond: 25 },
    };
    const start = async () =>
      WebHostProcess.start(profileDir, ['--log-level', 'warn', '--tuning', JSON.stringify(tuning)], signal);
    let host = await start();

    // The calls, overlapping on a timeline that ends now; their facts in the order they happened.
    const now = Date.now();
    const calls: ScriptedCall[] = Array.from({ length: callCount }, (_, index) =>
      script({
        scenario: pick(scenarios),
        callKey: `r${seed}-${index}`,
        userId: me,
        number: pick([...crmNumbers, ...unknownNumbers]),
        ringingAt: now - (callCount + 50) * 12_000 + index * 12_000 + Math.floor(random() * 8_000),
        ringMs: 1_000 + Math.floor(random() * 20_000),
        talkMs: 2_000 + Math.floor(random() * 200_000),
      }),
    );
    const timeline = calls
      .flatMap((call) => call.facts.map((fact) => ({ call, fact })))
      .sort((a, b) => a.fact.at - b.fact.at);

    // The fault schedule: at each fact, maybe a new fault; faults last for a number of facts.
    const killAt = new Set(Array.from({ length: kills }, () => Math.floor(random() * timeline.length)));
    const expected = new Map(calls.map((call) => [call.callKey, call.expected]));
    const recovered = new Set<string>();
    const reported = new Map<string, CallFact[]>();
    let faultEndsAt = -1;
    let signedOutUntil = -1;
    const applied: string[] = [];

    for (const [index, { call, fact }] of timeline.entries()) {
      if (index === faultEndsAt) await portal.clearFaults();
      if (index === signedOutUntil) {
        const tokens = await portal.tokens(me);
        await host.call('bitrix/tokens-updated', tokens);
        applied.push(`${index}: signed in again`);
      }
      if (faultEndsAt < index && random() < 0.04) {
        const fault = pick<FaultBody | 'sign-out'>([
          { down: true },
          { status503: { count: 1 + Math.floor(random() * 8) } },
          { status500: { count: 1 + Math.floor(random() * 5) } },
          { delayMs: 400 + Math.floor(random() * 500) },
          {
            delayMs: 500,
            methods: [pick(['telephony.externalCall.register', 'telephony.externalCall.finish', 'batch'])],
          },
          'sign-out',
        ]);
        if (fault === 'sign-out') {
          if (signedOutUntil < index) {
            await portal.faults({ expireAllTokens: true });
            signedOutUntil = index + 5 + Math.floor(random() * 30);
          }
        } else {
          await portal.faults(fault);
          faultEndsAt = index + 1 + Math.floor(random() * 40);
        }
        applied.push(`${index}: ${JSON.stringify(fault)}`);
      }
      if (killAt.has(index)) {
        const killedAt = Date.now();
        await host.kill9();
        // Every call the dead process had going is finished from the journal at restart.
        for (const [callKey, facts] of reported) {
          const last = facts.at(-1)!;
          if (last.type === 'ended' || recovered.has(callKey)) continue;
          recovered.add(callKey);
          const scripted = calls.find((candidate) => candidate.callKey === callKey)!;
          const answered = facts.find((candidate) => candidate.type === 'answered');
          const transferred = facts.find((candidate) => candidate.type === 'transferred');
          const talk = (until: number) => Math.round((until - answered!.at) / 1000);
          expected.set(
            callKey,
            !answered
              ? recoveredExpectation(scripted, 'ringing', 0)
              : recoveredExpectation(
                  scripted,
                  'answered',
                  transferred
                    ? talk(transferred.at)
                    : { min: Math.max(0, talk(last.at) - 1), max: talk(killedAt) + 2 },
                ),
          );
        }
        applied.push(`${index}: kill -9`);
        host = await start();
        if (signedOutUntil >= index) {
          // A restart does not bring the grant back: sign in again now.
          await host.call('bitrix/tokens-updated', await portal.tokens(me));
          signedOutUntil = -1;
        }
      }
      const outcome = await host.call<{ accepted: boolean; reason?: string }>('calls/report', fact);
      if (recovered.has(call.callKey)) {
        expect(outcome.accepted, `${fact.type} of recovered ${call.callKey}`).toBe(false);
      } else {
        expect(outcome, `${fact.type} of ${call.callKey}`).toEqual({ accepted: true });
        reported.set(call.callKey, [...(reported.get(call.callKey) ?? []), fact]);
      }
      // Facts come at a human pace, not all at once: a fault lasting some facts lasts some time.
      await new Promise((resolve) => setTimeout(resolve, random() * 25));
    }

    await portal.clearFaults();
    if (signedOutUntil >= 0) await host.call('bitrix/tokens-updated', await portal.tokens(me));
    // Until every call is synced or has failed for good (a failed step waits for the agent's retry).
    const history = await waitInTest(
      'every call synced or failed',
      () => host.call<CallSummary[]>('calls/history', { limit: 500 }),
      (calls) =>
        calls.length === callCount &&
        calls.every((call) => call.sync.state === 'synced' || call.sync.state === 'failed'),
      signal,
    );
    const unsynced = history.filter((call) => call.sync.state !== 'synced');
    const status = await host.call<HostStatus>('status/get');
    await host.stop();

    const wanted: ExpectedCall[] = [...expected.values()];
    const problems = await portalProblems(portal, wanted);
    // How the portal actually failed requests: the schedule must have hit the delivery, not idled.
    const failures = new Map<string, number>();
    for (const request of await portal.requests()) {
      const kind = request.fault ?? (request.status >= 400 ? `HTTP ${request.status}` : null);
      if (kind) failures.set(kind, (failures.get(kind) ?? 0) + 1);
    }
    const report = `seed ${seed}; failed requests ${JSON.stringify([...failures])}; faults: ${applied.join(' | ')}`;
    expect(
      unsynced.map((call) => `${call.callKey}: ${JSON.stringify(call.sync)}`),
      report,
    ).toEqual([]);
    expect(problems, report).toEqual([]);
    expect(status.outbox.waitingCalls).toBe(0);
    expect(applied.filter((entry) => entry.includes('kill')).length).toBe(killAt.size);
    expect(failures.size, report).toBeGreaterThanOrEqual(3);
  });
});
