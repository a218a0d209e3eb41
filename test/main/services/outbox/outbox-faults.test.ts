import { describe, expect, it } from 'vitest';
import type { CallSummary } from '../../../../common/calls/call-summary';
import { encodeToneChunks } from '../../../support/mp3-fixture';
import { portalProblems, script, type ScriptedCall } from '../support/call-scripts';
import { agentAtSandboxPortal, type TestAgent } from '../support/test-agent';
import { TestRefresher } from '../support/test-refresher';

process.env.TZ = 'Europe/Moscow';

/**
 * Fault injection against the portal emulator over real HTTP: each fault ends with the portal
 * holding exactly the expected registrations, finishes and activities (support/call-scripts.ts,
 * portalProblems): none missing, none duplicated, none left open, right start, duration, status.
 */
describe('outbox under faults', () => {
  const me = 2;
  const { portal, startAgent } = agentAtSandboxPortal(me, {
    afterEachTest: (emulator) =>
      emulator.configure({
        ambiguities: { dedupeIncludesFinished: true },
        rateLimit: { burst: 50, drainPerSecond: 2 },
      }),
  });
  let sequence = 0;

  function call(
    scenario: Parameters<typeof script>[0]['scenario'] = 'answered-incoming',
    number = '+79161234567',
  ) {
    sequence += 1;
    return script({
      scenario,
      callKey: `fault-${sequence}`,
      userId: me,
      number,
      ringingAt: Date.now() - 600_000 + sequence * 1000,
    });
  }

  const report = (on: TestAgent, scripted: ScriptedCall, facts = scripted.facts) => on.reportAccepted(facts);

  const only = (calls: CallSummary[]) => calls[0];

  it('portal down for the whole call: replays register SHOW=0 with the real start, then finish, once each', async () => {
    const on = await startAgent();
    await portal.faults({ down: true });
    const scripted = call();
    await report(on, scripted);
    const waiting = await on.until(
      'the call to wait, retrying',
      () => on.history(),
      (calls) => only(calls)?.sync.state === 'retrying',
    );
    expect(only(waiting)?.sync).toMatchObject({ state: 'retrying', error: { kind: 'network' } });
    const status = await on.until(
      'the banner state',
      () => on.status(),
      (s) => s.outbox.state === 'unreachable',
    );
    expect(status.outbox.waitingCalls).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const refused = await portal.requests();
    // One probe at a time with backoff, not a storm: 20 ms doubling to 200 ms allows about a dozen in this time.
    expect(refused.length).toBeLessThan(20);
    await portal.clearFaults();
    await on.synced();
    expect(await portalProblems(portal, [scripted.expected])).toEqual([]);
    const [delivered] = await portal.calls();
    expect(delivered?.register.SHOW).toBe('0');
    expect((await on.status()).outbox).toMatchObject({ state: 'delivering', waitingCalls: 0 });
    // One request per attempt the journal counted, refused ones included: the SDK retried
    // nothing behind our back (a retried register on a reset connection could open a second call).
    const [summary] = await on.history();
    const attempts = summary!.steps.reduce((sum, step) => sum + step.attempts, 0);
    expect((await portal.requests()).filter((request) => request.kind === 'rest')).toHaveLength(attempts);
  });

  it('portal down for a whole recorded call: register SHOW=0, finish, then the recording, once each', async () => {
    const on = await startAgent();
    await portal.faults({ down: true });
    const scripted = call();
    const h = on.services.handlers;
    await report(on, scripted, scripted.facts.slice(0, 2));
    expect(await h['recording/start']({ callKey: scripted.callKey })).toMatchObject({ ok: true });
    let offset = 0;
    for (const chunk of await encodeToneChunks(3)) {
      const data = chunk.toString('base64');
      expect(await h['recording/append']({ callKey: scripted.callKey, offset, data })).toMatchObject({
        ok: true,
      });
      offset += chunk.length;
    }
    await report(on, scripted, scripted.facts.slice(2));
    expect(await h['recording/finish']({ callKey: scripted.callKey })).toMatchObject({ state: 'queued' });
    await on.until(
      'the outage seen',
      () => on.status(),
      (s) => s.outbox.state === 'unreachable' && s.outbox.waitingCalls === 1,
    );
    await portal.clearFaults();
    const [summary] = await on.synced();
    expect(summary?.steps.map((step) => [step.kind, step.state])).toEqual([
      ['register', 'done'],
      ['finish', 'done'],
      ['attachRecord', 'done'],
    ]);
    expect(await portalProblems(portal, [scripted.expected])).toEqual([]);
    const [delivered] = await portal.calls();
    expect(delivered?.register.SHOW).toBe('0');
    const held = (await (
      await fetch(`${portal.url}/_sandbox/calls/${encodeURIComponent(delivered!.CALL_ID)}`)
    ).json()) as {
      finishedAt: string;
      records: Array<{ attachedAt: string }>;
      attachRecordRequests: unknown[];
    };
    expect(held.attachRecordRequests).toHaveLength(1);
    expect(held.records).toHaveLength(1);
    expect(Date.parse(held.records[0]!.attachedAt)).toBeGreaterThanOrEqual(Date.parse(held.finishedAt));
  });

  it('portal down only at finish: the card shown while ringing, the finish delivered once when it is back', async () => {
    const on = await startAgent();
    const scripted = call();
    await report(on, scripted, scripted.facts.slice(0, 2));
    await on.synced();
    expect((await portal.calls())[0]?.cardsShownTo).toEqual([me]);
    await portal.faults({ down: true });
    await report(on, scripted, scripted.facts.slice(2));
    await on.until(
      'the finish to wait',
      () => on.history(),
      (calls) => only(calls)?.sync.state === 'retrying',
    );
    await portal.clearFaults();
    await on.synced();
    expect(await portalProblems(portal, [scripted.expected])).toEqual([]);
  });

  it.each([
    ['503 bursts (QUERY_LIMIT_EXCEEDED)', { status503: { count: 6 } }, 503, 6],
    ['429 OPERATION_TIME_LIMIT', { status429: { count: 4 } }, 429, 4],
  ] as const)('%s: backs off and delivers every call once', async (_, fault, status, count) => {
    const on = await startAgent();
    await portal.faults(fault);
    const calls = [call(), call('missed'), call('busy-outgoing'), call('declined', '+79990001122')];
    for (const scripted of calls) await report(on, scripted);
    await on.synced();
    expect(
      await portalProblems(
        portal,
        calls.map((c) => c.expected),
      ),
    ).toEqual([]);
    expect((await portal.requests()).filter((request) => request.status === status)).toHaveLength(count);
  });

  it('500s: retried with backoff, finished once', async () => {
    const on = await startAgent();
    const scripted = call();
    await portal.faults({ status500: { count: 3, methods: ['telephony.externalCall.finish'] } });
    await report(on, scripted);
    await on.synced();
    expect(await portalProblems(portal, [scripted.expected])).toEqual([]);
    const finishes = await portal.requests('telephony.externalCall.finish');
    expect(finishes.filter((r) => r.status === 500)).toHaveLength(3);
    // One request per attempt the journal counted: the SDK retried nothing behind our back.
    const [summary] = await on.history();
    expect(finishes).toHaveLength(summary!.steps.find((step) => step.kind === 'finish')!.attempts);
  });

  describe.each([
    ['the portal dedupes finished calls too', true],
    ['the portal dedupes open calls only (as documented)', false],
  ])('slow responses beyond the timeout, when %s', (_, dedupeIncludesFinished) => {
    it('a register that timed out but landed is repeated into the same CALL_ID, not a second call', async () => {
      await portal.configure({ ambiguities: { dedupeIncludesFinished } });
      // The portal may carry out a late register up to 600 ms after it left: the finish waits 1 s.
      const on = await startAgent({
        services: { bitrix: { timeoutMs: 250 }, outbox: { lateRequestMs: 1_000 } },
      });
      await portal.faults({ delayMs: 600, methods: ['telephony.externalCall.register'] });
      const scripted = call();
      await report(on, scripted, scripted.facts.slice(0, 1));
      await on.until(
        'the register to time out',
        () => on.history(),
        (calls) => only(calls)?.sync.state === 'retrying',
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      await portal.clearFaults();
      await report(on, scripted, scripted.facts.slice(1));
      await on.synced();
      expect(await portalProblems(portal, [scripted.expected])).toEqual([]);
      const [delivered] = await portal.calls();
      expect(delivered?.registerRequests.length).toBeGreaterThan(1);
    });

    it('a finish that timed out but landed is not sent into a second call: "Call is not found" counts as done', async () => {
      await portal.configure({ ambiguities: { dedupeIncludesFinished } });
      const on = await startAgent({ services: { bitrix: { timeoutMs: 250 } } });
      const scripted = call();
      await report(on, scripted, scripted.facts.slice(0, 2));
      await on.synced();
      await portal.faults({ delayMs: 600, methods: ['telephony.externalCall.finish'] });
      await report(on, scripted, scripted.facts.slice(2));
      await on.until(
        'the finish to time out',
        () => on.history(),
        (calls) => only(calls)?.sync.state === 'retrying',
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      await portal.clearFaults();
      await on.synced();
      expect(await portalProblems(portal, [scripted.expected])).toEqual([]);
      const [delivered] = await portal.calls();
      // Retries still in flight when the first landed answer "Call is not found", and count as done.
      const outcomes = delivered?.finishRequests.map((request) => request.outcome) ?? [];
      expect(outcomes[0]).toBe('ok');
      expect(outcomes.slice(1).length).toBeGreaterThan(0);
      expect(outcomes.slice(1).every((outcome) => outcome === 'error')).toBe(true);
    });
  });

  it('token expired mid-call: refreshed once through the refresh seam, the finish retried once', async () => {
    const tokens = await portal.tokens(me);
    const refresher = new TestRefresher(portal, tokens);
    const on = await startAgent({ tokens, services: { bitrix: { refresh: refresher.refresh } } });
    const scripted = call();
    await report(on, scripted, scripted.facts.slice(0, 2));
    await on.synced();
    await portal.faults({ expireAllTokens: true });
    await report(on, scripted, scripted.facts.slice(2));
    await on.synced();
    expect(await portalProblems(portal, [scripted.expected])).toEqual([]);
    expect(refresher.refreshes).toBe(1);
    const finishes = await portal.requests('telephony.externalCall.finish');
    expect(finishes.map((request) => request.status)).toEqual([401, 200]);
  });

  it('refresh token revoked: holds the queue for sign-in without losing it, and resumes after a new sign-in', async () => {
    const tokens = await portal.tokens(me);
    const refresher = new TestRefresher(portal, tokens);
    const on = await startAgent({ tokens, services: { bitrix: { refresh: refresher.refresh } } });
    const first = call();
    await report(on, first, first.facts.slice(0, 2));
    await on.synced();
    await portal.faults({ expireAllTokens: true, revokeRefreshToken: { user_id: me } });
    await report(on, first, first.facts.slice(2));
    const held = await on.until(
      'sign-in required',
      () => on.status(),
      (s) => s.outbox.state === 'sign-in-required',
    );
    expect(held.bitrix.state).toBe('sign-in-required');
    const second = call('missed');
    await report(on, second);
    const history = await on.until(
      'both calls to need sign-in',
      () => on.history(),
      (calls) => calls.length === 2 && calls.every((c) => c.sync.state === 'needs-sign-in'),
    );
    expect(history.map((c) => c.sync.state)).toEqual(['needs-sign-in', 'needs-sign-in']);
    const before = (await portal.requests()).length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await portal.requests()).length).toBe(before);

    // The queue survives a restart while held.
    await on.restart();
    await on.until(
      'held again after restart',
      () => on.status(),
      (s) => s.outbox.state === 'sign-in-required',
    );

    const fresh = await portal.tokens(me);
    refresher.signedIn(fresh);
    await on.services.handlers['bitrix/tokens-updated'](fresh);
    await on.synced();
    expect(await portalProblems(portal, [first.expected, second.expected])).toEqual([]);
    expect((await on.status()).bitrix.state).toBe('connected');
  });

  it('tokens forgotten (the relay lost the grant, or signed out): calls go on being journaled and wait for the next sign-in', async () => {
    const on = await startAgent();
    const talking = call();
    await report(on, talking, talking.facts.slice(0, 2));
    await on.synced();
    // What the relay link does when its session is gone: the tokens are dropped.
    expect(await on.services.handlers['relay/sign-out']()).toEqual({ ok: true });
    expect((await on.status()).bitrix.state).toBe('not-configured');
    await report(on, talking, talking.facts.slice(2));
    const next = call('missed');
    await report(on, next);
    const waiting = await on.until(
      'both calls to wait for the sign-in',
      () => on.status(),
      (s) => s.outbox.waitingCalls === 2,
    );
    expect(waiting.outbox.state).toBe('sign-in-required');
    expect((await on.history()).map((c) => c.sync.state)).toEqual(['needs-sign-in', 'needs-sign-in']);
    expect(await portal.requests('telephony.externalCall.finish')).toEqual([]);

    await on.services.handlers['bitrix/tokens-updated'](await portal.tokens(me));
    await on.synced();
    expect(await portalProblems(portal, [talking.expected, next.expected])).toEqual([]);
  });

  it('portal renamed (302 to a POST): never followed as a GET, the queue waits for a new sign-in, nothing lost', async () => {
    const on = await startAgent();
    await portal.faults({ redirect302: { count: 1 } });
    const scripted = call();
    await report(on, scripted);
    const held = await on.until(
      'sign-in required',
      () => on.status(),
      (s) => s.outbox.state === 'sign-in-required',
    );
    expect(held.outbox.lastError).toMatch(/redirected the request to http.*the portal moved/);
    // One POST answered 302, and no GET after it.
    expect((await portal.requests()).map((request) => request.status)).toEqual([302]);
    await on.services.handlers['bitrix/tokens-updated'](await portal.tokens(me));
    await on.synced();
    expect(await portalProblems(portal, [scripted.expected])).toEqual([]);
  });

  it('new tokens while a request with the old ones is in flight: its 401 does not hold the queue again', async () => {
    const on = await startAgent();
    const scripted = call();
    await report(on, scripted, scripted.facts.slice(0, 2));
    await on.synced();
    await portal.faults({ expireAllTokens: true, delayMs: 400, methods: ['telephony.externalCall.finish'] });
    await report(on, scripted, scripted.facts.slice(2));
    await on.until(
      'the finish in flight',
      () => portal.requests('telephony.externalCall.finish'),
      (r) => r.length > 0,
    );
    await on.services.handlers['bitrix/tokens-updated'](await portal.tokens(me));
    await portal.clearFaults();
    await on.synced();
    expect(await portalProblems(portal, [scripted.expected])).toEqual([]);
    expect((await on.status()).outbox.state).toBe('delivering');
  });

  it('a rejected step is shown with its error, not retried by itself, and retried by hand', async () => {
    const on = await startAgent();
    const at = Date.now() - 60_000;
    const origin = { kind: 'click-to-call' as const, callId: 'externalCall.0000000000000000.1' };
    await on.report({
      type: 'ringing',
      callKey: 'bogus',
      direction: 'outgoing',
      sipCallId: 'b@sip',
      remoteNumber: '+79990001122',
      origin,
      at,
    });
    await on.report({ type: 'ended', callKey: 'bogus', reason: { kind: 'cancelled' }, at: at + 3_000 });
    const [failed] = await on.until(
      'the finish to fail',
      () => on.history(),
      (calls) => only(calls)?.sync.state === 'failed',
    );
    expect(failed?.sync).toMatchObject({ state: 'failed', stepKind: 'finish', error: { kind: 'rejected' } });
    expect(failed?.sync.state === 'failed' && failed.sync.error.description).toMatch(/Call is not found/);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await portal.requests('telephony.externalCall.finish')).toHaveLength(1);
    const stepId = failed?.sync.state === 'failed' ? failed.sync.stepId : 0;
    expect(await on.services.handlers['outbox/retry'](stepId)).toEqual({ retried: true });
    await on.until(
      'the retry to be sent',
      () => portal.requests('telephony.externalCall.finish'),
      (r) => r.length === 2,
    );
    expect(only(await on.history())?.sync.state).toBe('failed');
  });

  it('a register the portal refuses blocks only its own call; the finish never goes without a CALL_ID', async () => {
    const on = await startAgent({ settings: { defaultLineNumber: '' } });
    const good = call();
    const bad = call('answered-outgoing', 'not a number');
    await report(on, bad);
    await report(on, good);
    await on.until(
      'the bad call failed, the good one synced',
      () => on.history(),
      (calls) =>
        calls.find((c) => c.callKey === bad.callKey)?.sync.state === 'failed' &&
        calls.find((c) => c.callKey === good.callKey)?.sync.state === 'synced',
    );
    expect(await portalProblems(portal, [good.expected])).toEqual([]);
    expect(await portal.requests('telephony.externalCall.finish')).toHaveLength(1);
  });

  it('replays a backlog in batches: many calls in few requests', async () => {
    const on = await startAgent();
    await portal.faults({ down: true });
    const calls = Array.from({ length: 40 }, (_, index) => call(index % 3 ? 'answered-incoming' : 'missed'));
    for (const scripted of calls) await report(on, scripted);
    await on.until(
      'the outage seen, all calls waiting',
      () => on.status(),
      (s) => s.outbox.state === 'unreachable' && s.outbox.waitingCalls === 40,
    );
    await portal.clearFaults();
    const refusedBefore = (await portal.requests()).length;
    await on.synced();
    expect(
      await portalProblems(
        portal,
        calls.map((c) => c.expected),
      ),
    ).toEqual([]);
    const requests = (await portal.requests()).slice(refusedBefore).filter((r) => r.batchOf === null);
    // 80 commands: 40 registers, then 40 finishes, 50 commands a batch; finishes whose register
    // was cut off mid-request wait out the late-request window and may go in one more.
    expect(requests.length).toBeLessThanOrEqual(4);
    expect(requests.filter((r) => r.method === 'batch').length).toBeGreaterThanOrEqual(2);
  });

  it('never exceeds the portal rate limit: the shared budget paces many live calls', async () => {
    await portal.configure({ rateLimit: { burst: 4, drainPerSecond: 10 } });
    const on = await startAgent({ services: { bitrix: { rateLimit: { burst: 4, perSecond: 10 } } } });
    const calls = Array.from({ length: 8 }, () => call());
    for (const scripted of calls) {
      await report(on, scripted, scripted.facts.slice(0, 1));
      await on.until(
        'registered',
        () => on.history(),
        (c) => c.every((x) => x.sync.state === 'synced'),
      );
      await report(on, scripted, scripted.facts.slice(1));
    }
    await on.synced();
    expect(
      await portalProblems(
        portal,
        calls.map((c) => c.expected),
      ),
    ).toEqual([]);
    expect((await portal.requests()).filter((r) => r.status === 503)).toEqual([]);
  });

  it('agents behind one office address overrun the portal: its 503s slow this one down, nothing is lost', async () => {
    await portal.configure({ rateLimit: { burst: 3, drainPerSecond: 10 } });
    const on = await startAgent({
      services: { bitrix: { rateLimit: { burst: 50, perSecond: 50 } }, outbox: { concurrency: 4 } },
    });
    const calls = Array.from({ length: 10 }, () => call());
    for (const scripted of calls) await report(on, scripted, scripted.facts.slice(0, 1));
    await on.synced();
    for (const scripted of calls) await report(on, scripted, scripted.facts.slice(1));
    await on.synced();
    expect(
      await portalProblems(
        portal,
        calls.map((c) => c.expected),
      ),
    ).toEqual([]);
  });
});
