import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallFact } from '../../../../common/calls/call-fact';
import { encodeToneChunks } from '../../../support/mp3-fixture';
import { script } from '../support/call-scripts';
import { startSandboxPortal, type SandboxPortal } from '../support/sandbox-portal';
import { TestAgent } from '../support/test-agent';
import { TestRefresher } from '../support/test-refresher';

interface PortalCallWithRecords {
  records: Array<{ FILE_ID: number; via: string; format: string }>;
  replacedRecords: Array<{ FILE_ID: number }>;
}

/**
 * What a real portal may answer on the second leg of a recording upload (the POST to attachRecord's
 * uploadUrl) that the emulator's defaults never do: a 401 because the access token in the uploadUrl
 * ran out between the legs, and an answer that is not a REST answer at all.
 */
describe('recording upload answers', () => {
  const me = 2;
  let portal: SandboxPortal;
  let agent: TestAgent | undefined;
  let tenSeconds: Buffer[];

  beforeAll(async () => {
    portal = await startSandboxPortal();
    tenSeconds = await encodeToneChunks(10);
  });
  afterAll(async () => {
    await portal.close();
  });
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
    await portal.configure({ ambiguities: { uploadAnswer: 'rest' } });
    await portal.reset();
  });

  /** A finished call with a 10-second recording queued for upload through the uploadUrl. */
  async function recordedCall(on: TestAgent, callKey: string, before: () => Promise<void>) {
    const scripted = script({
      scenario: 'answered-incoming',
      callKey,
      userId: me,
      number: '+79161234567',
      ringingAt: Date.now() - 60_000,
      ringMs: 2_000,
      talkMs: 10_000,
    });
    const report = async (facts: CallFact[]) => {
      for (const fact of facts) expect(await on.report(fact), fact.type).toEqual({ accepted: true });
    };
    const h = on.services.handlers;
    await report(scripted.facts.slice(0, 2));
    await h['recording/start']({ callKey });
    let offset = 0;
    for (const chunk of tenSeconds) {
      await h['recording/append']({ callKey, offset, data: chunk.toString('base64') });
      offset += chunk.length;
    }
    await report(scripted.facts.slice(2));
    await on.synced();
    await before();
    await h['recording/finish']({ callKey });
  }

  async function portalCall(callId: string): Promise<PortalCallWithRecords> {
    const response = await fetch(`${portal.url}/_sandbox/calls/${encodeURIComponent(callId)}`);
    return (await response.json()) as PortalCallWithRecords;
  }

  it('a token that runs out between the two legs is refreshed and the uploadUrl asked for again: the recording arrives, nothing is held', async () => {
    const tokens = await portal.tokens(me);
    const refresher = new TestRefresher(portal, tokens);
    const on = (agent = new TestAgent({
      tokens,
      services: { bitrix: { refresh: refresher.refresh }, recordings: { inlineLimitBytes: 0 } },
    }));
    await recordedCall(on, 'expiry-1', () =>
      portal.faults({ expireTokens: { count: 1, methods: ['upload'] } }),
    );
    const [summary] = await on.until(
      'the recording attached',
      () => on.history(),
      ([call]) => call?.steps.find((step) => step.kind === 'attachRecord')?.state === 'done',
    );
    expect(summary!.sync.state).toBe('synced');
    expect((await on.status()).outbox.state).toBe('delivering');
    expect(refresher.refreshes).toBe(1);

    const uploads = await portal.requests('upload');
    expect(uploads.map((request) => [request.status, request.error, request.fault])).toEqual([
      [401, 'expired_token', 'expireTokens'],
      [200, null, null],
    ]);
    // The first leg once with the old token, then again: refused, refreshed by the SDK, answered.
    const firstLegs = await portal.requests('telephony.externalCall.attachRecord');
    expect(firstLegs.map((request) => request.status)).toEqual([200, 401, 200]);
    const held = await portalCall(summary!.callId!);
    expect(held.records).toEqual([expect.objectContaining({ via: 'uploadUrl', format: 'mp3' })]);
  });

  it.each(['empty', 'bare'] as const)(
    'an upload answered %s (not a REST answer) fails the step once with what came back; the agent retries it',
    async (shape) => {
      const on = (agent = new TestAgent({
        tokens: await portal.tokens(me),
        services: { recordings: { inlineLimitBytes: 0 } },
      }));
      await recordedCall(on, `answer-${shape}`, () =>
        portal.configure({ ambiguities: { uploadAnswer: shape } }),
      );
      const [failed] = await on.until(
        'the upload failed',
        () => on.history(),
        ([call]) => call?.sync.state === 'failed',
      );
      const step = failed!.steps.find((s) => s.kind === 'attachRecord')!;
      expect(step).toMatchObject({ state: 'failed', attempts: 1 });
      expect(step.lastError).toMatchObject({ kind: 'rejected', httpStatus: 200 });
      expect(step.lastError?.description).toMatch(
        shape === 'empty' ? /answered the recording upload with an empty answer/ : /"\{"FILE_ID":\d+\}"/,
      );
      expect((await on.status()).outbox.state).toBe('delivering');
      // Failed is where the step stays: the outbox sends it again only on the agent's retry.
      expect(await portal.requests('upload')).toHaveLength(1);

      await portal.configure({ ambiguities: { uploadAnswer: 'rest' } });
      expect(await on.services.handlers['outbox/retry'](step.id)).toEqual({ retried: true });
      const [retried] = await on.until(
        'the retry attached it',
        () => on.history(),
        ([call]) => call?.sync.state === 'synced',
      );
      expect(retried!.steps.find((s) => s.kind === 'attachRecord')).toMatchObject({
        state: 'done',
        attempts: 2,
      });
      expect(await portal.requests('upload')).toHaveLength(2);
      // The portal had kept the first file: the retry's replaced it, one recording per CALL_ID.
      const held = await portalCall(failed!.callId!);
      expect(held.records).toHaveLength(1);
      expect(held.replacedRecords).toHaveLength(1);
    },
  );
});
