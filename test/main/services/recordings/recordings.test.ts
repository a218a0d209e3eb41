import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallFact } from '../../../../common/calls/call-fact';
import { BitrixClient } from '../../../../main/services/bitrix/bitrix-client';
import { RecordUploader } from '../../../../main/services/recordings/record-uploader';
import { decodeStereo, probeDuration, toneShare } from '../../../support/audio-analysis';
import { encodeToneChunks } from '../../../support/mp3-fixture';
import { script } from '../support/call-scripts';
import { startSandboxPortal, type SandboxPortal } from '../support/sandbox-portal';
import { TestAgent, type TestAgentOptions } from '../support/test-agent';

process.env.TZ = 'Europe/Moscow';

interface PortalRecord {
  FILE_ID: number;
  FILENAME: string;
  format: string;
  durationSec: number;
  via: string;
  attachedAt: string;
  url: string;
}
interface PortalCallWithRecords {
  CALL_ID: string;
  finishedAt: string | null;
  records: PortalRecord[];
  attachRecordRequests: Array<{ outcome: string; params: Record<string, string> }>;
  transcriptions: Array<{ MESSAGES?: unknown; messages?: unknown } & Record<string, unknown>>;
}

/**
 * The recordings service against the portal emulator over real HTTP: chunks appended as the
 * renderer sends them, finalized, uploaded after the call's finish (inline or through the
 * uploadUrl), bad files reported and never uploaded, crash leftovers recovered, transcripts sent
 * with the side taken from the channel.
 */
describe('recordings', () => {
  const me = 2;
  let portal: SandboxPortal;
  let agent: TestAgent | undefined;
  let sequence = 0;
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
    await portal.reset();
  });

  async function startAgent(options: Partial<TestAgentOptions> = {}): Promise<TestAgent> {
    agent = new TestAgent({ tokens: await portal.tokens(me), ...options });
    return agent;
  }

  function call() {
    sequence += 1;
    return script({
      scenario: 'answered-incoming',
      callKey: `rec-${sequence}`,
      userId: me,
      number: '+79161234567',
      ringingAt: Date.now() - 60_000,
      ringMs: 2_000,
      talkMs: 10_000,
    });
  }

  async function report(on: TestAgent, facts: CallFact[]) {
    for (const fact of facts) expect(await on.report(fact), fact.type).toEqual({ accepted: true });
  }

  async function record(on: TestAgent, callKey: string, chunks: Buffer[]) {
    const h = on.services.handlers;
    expect(await h['recording/start']({ callKey })).toMatchObject({ ok: true, bytes: 0 });
    let offset = 0;
    for (const chunk of chunks) {
      const answer = await h['recording/append']({ callKey, offset, data: chunk.toString('base64') });
      expect(answer).toMatchObject({ ok: true });
      offset += chunk.length;
    }
    return offset;
  }

  async function portalCall(callId: string): Promise<PortalCallWithRecords> {
    const response = await fetch(`${portal.url}/_sandbox/calls/${encodeURIComponent(callId)}`);
    return (await response.json()) as PortalCallWithRecords;
  }

  async function syncedCall(on: TestAgent, callKey: string) {
    const [summary] = await on.until(
      'the call and its recording synced',
      () => on.history(),
      (calls) =>
        calls.some(
          (c) => c.callKey === callKey && c.sync.state === 'synced' && c.recording?.state === 'queued',
        ),
    );
    return (await on.history()).find((c) => c.callKey === callKey) ?? summary!;
  }

  it('uploads a small recording inline, once, after the finish, and it plays as recorded', async () => {
    const on = await startAgent();
    const scripted = call();
    await report(on, scripted.facts.slice(0, 2));
    await record(on, scripted.callKey, tenSeconds);
    await report(on, scripted.facts.slice(2));
    expect(await on.services.handlers['recording/finish']({ callKey: scripted.callKey })).toMatchObject({
      state: 'queued',
      problem: null,
    });
    const summary = await syncedCall(on, scripted.callKey);
    expect(summary.steps.map((step) => step.kind)).toEqual(['register', 'finish', 'attachRecord']);
    const held = await portalCall(summary.callId!);
    expect(held.records).toHaveLength(1);
    expect(held.records[0]).toMatchObject({ format: 'mp3', via: 'FILE_CONTENT' });
    expect(Date.parse(held.records[0]!.attachedAt)).toBeGreaterThanOrEqual(Date.parse(held.finishedAt!));
    expect(held.records[0]!.durationSec).toBeCloseTo(10, 0);

    const file = path.join(on.profileDir, 'downloaded.mp3');
    writeFileSync(file, Buffer.from(await (await fetch(held.records[0]!.url)).arrayBuffer()));
    expect(Math.abs(probeDuration(file) - 10)).toBeLessThan(0.5);
    const pcm = decodeStereo(file);
    expect(toneShare(pcm.left, pcm.sampleRate, 440)).toBeGreaterThan(0.8);
    expect(toneShare(pcm.left, pcm.sampleRate, 1_000)).toBeLessThan(0.05);
    expect(toneShare(pcm.right, pcm.sampleRate, 1_000)).toBeGreaterThan(0.8);
    expect(toneShare(pcm.right, pcm.sampleRate, 440)).toBeLessThan(0.05);

    // The player in the history reads it back in slices.
    const slice = await on.services.handlers['recording/read']({
      callKey: scripted.callKey,
      offset: 0,
      length: 1000,
    });
    expect(slice?.total).toBe(held.records[0] && summary.recording?.bytes);
  });

  it('waits for the call to end when the recording finishes first; a large file goes through the uploadUrl', async () => {
    const on = await startAgent({ services: { recordings: { inlineLimitBytes: 0 } } });
    const scripted = call();
    await report(on, scripted.facts.slice(0, 2));
    await record(on, scripted.callKey, tenSeconds);
    expect(await on.services.handlers['recording/finish']({ callKey: scripted.callKey })).toMatchObject({
      state: 'complete',
    });
    await report(on, scripted.facts.slice(2));
    const summary = await syncedCall(on, scripted.callKey);
    const held = await portalCall(summary.callId!);
    expect(held.records).toHaveLength(1);
    expect(held.records[0]).toMatchObject({ via: 'uploadUrl', format: 'mp3' });
  });

  it('cuts off a frame cut by a crash, and recovers an open recording at the next start', async () => {
    const on = await startAgent();
    const scripted = call();
    await report(on, scripted.facts.slice(0, 2));
    const whole = Buffer.concat(tenSeconds.slice(0, 6));
    // The host died in the middle of writing the seventh second: half a chunk made it to disk.
    await record(on, scripted.callKey, [whole, tenSeconds[6]!.subarray(0, 101)]);
    await on.restart();
    const summary = await syncedCall(on, scripted.callKey);
    // Whole 216-byte frames only (48 kbps at 16 kHz): the cut one is gone, the rest kept.
    expect(summary.recording?.state).toBe('queued');
    expect(summary.recording!.bytes % 216).toBe(0);
    expect(summary.recording!.bytes).toBeGreaterThan(whole.length - 216);
    expect(summary.recording!.bytes).toBeLessThanOrEqual(whole.length + 101);
    const held = await portalCall(summary.callId!);
    expect(held.records).toHaveLength(1);
    expect(held.records[0]!.durationSec).toBeGreaterThan(5.5);
    expect(Date.parse(held.records[0]!.attachedAt)).toBeGreaterThanOrEqual(Date.parse(held.finishedAt!));
  });

  it('reports an empty or unreadable recording on the call and never uploads it', async () => {
    const on = await startAgent();
    const empty = call();
    await report(on, empty.facts);
    await on.services.handlers['recording/start']({ callKey: empty.callKey });
    expect(await on.services.handlers['recording/finish']({ callKey: empty.callKey })).toMatchObject({
      state: 'unusable',
      problem: 'the recording is empty',
    });
    const garbage = call();
    await report(on, garbage.facts);
    await record(on, garbage.callKey, [Buffer.from('this is not an mp3 file at all, only text '.repeat(20))]);
    expect(await on.services.handlers['recording/finish']({ callKey: garbage.callKey })).toMatchObject({
      state: 'unusable',
      problem: 'the recording holds no MP3 audio',
    });
    const calls = await on.synced();
    for (const summary of calls) {
      expect(summary.steps.map((step) => step.kind)).toEqual(['register', 'finish']);
      expect((await portalCall(summary.callId!)).attachRecordRequests).toHaveLength(0);
    }
  });

  it('reports a recording cut short or unreadable part-way with the reason, and never uploads it', async () => {
    const on = await startAgent();
    const whole = Buffer.concat(tenSeconds);
    const frame = 216; // 48 kbps at 16 kHz: every frame the same size
    const cases = [
      // Eight frames, 0.29 s: the renderer died right after the answer.
      { bytes: whole.subarray(0, 8 * frame), problem: 'the recording is shorter than half a second' },
      // Three seconds of audio, then a disk error's worth of garbage.
      {
        bytes: Buffer.concat([whole.subarray(0, 83 * frame), Buffer.alloc(whole.length, 0x20)]),
        problem: 'the recording is unreadable after 3.0 s',
      },
    ];
    for (const bad of cases) {
      const scripted = call();
      await report(on, scripted.facts);
      await record(on, scripted.callKey, [bad.bytes]);
      expect(await on.services.handlers['recording/finish']({ callKey: scripted.callKey })).toMatchObject({
        state: 'unusable',
        problem: bad.problem,
      });
    }
    const calls = await on.synced();
    expect(calls.map((summary) => summary.recording?.problem).sort()).toEqual(
      cases.map((bad) => bad.problem).sort(),
    );
    for (const summary of calls) {
      expect(summary.steps.map((step) => step.kind)).toEqual(['register', 'finish']);
      expect((await portalCall(summary.callId!)).attachRecordRequests).toHaveLength(0);
    }
    expect(await portal.requests('telephony.externalCall.attachRecord')).toHaveLength(0);
  });

  it('a recording damaged or gone before its upload fails the step with the reason and is never sent', async () => {
    const on = await startAgent();
    const damages = [
      {
        damage: (file: string) => writeFileSync(file, 'overwritten'),
        reason: /Not uploaded: the recording holds no MP3 audio/,
      },
      { damage: (file: string) => rmSync(file), reason: /The recording file is missing/ },
    ];
    for (const { damage, reason } of damages) {
      const scripted = call();
      await report(on, scripted.facts.slice(0, 2));
      await record(on, scripted.callKey, tenSeconds);
      const finished = await on.services.handlers['recording/finish']({ callKey: scripted.callKey });
      expect(finished).toMatchObject({ state: 'complete' });
      // Finished and waiting for the call's end: then the file is damaged on disk.
      const file = readdirSync(path.join(on.profileDir, 'recordings')).find((name) =>
        name.endsWith(`_${scripted.callKey}.mp3`),
      );
      damage(path.join(on.profileDir, 'recordings', file!));
      await report(on, scripted.facts.slice(2));
      const [failed] = await on.until(
        'the upload refused',
        async () => (await on.history()).filter((c) => c.callKey === scripted.callKey),
        ([summary]) => summary?.sync.state === 'failed',
      );
      expect(failed!.sync).toMatchObject({ state: 'failed', stepKind: 'attachRecord' });
      expect(failed!.sync.state === 'failed' && failed!.sync.error.description).toMatch(reason);
      expect((await portalCall(failed!.callId!)).finishedAt).not.toBeNull();
    }
    expect(await portal.requests('telephony.externalCall.attachRecord')).toHaveLength(0);
  });

  it('"not finished yet" from the portal fails the attachRecord step once; it is tried again only by the agent', async () => {
    const on = await startAgent();
    const scripted = call();
    await report(on, scripted.facts.slice(0, 2));
    await record(on, scripted.callKey, tenSeconds);
    await report(on, scripted.facts.slice(2));
    const [synced] = await on.synced();
    // Bitrix24 lost the finished call (a portal restored from a backup): it knows no such call.
    await portal.reset();
    await on.services.handlers['recording/finish']({ callKey: scripted.callKey });
    const [failed] = await on.until(
      'the attachRecord refused',
      () => on.history(),
      ([summary]) => summary?.sync.state === 'failed',
    );
    expect(failed!.callId).toBe(synced!.callId);
    const step = failed!.steps.find((s) => s.kind === 'attachRecord')!;
    expect(step).toMatchObject({ state: 'failed', attempts: 1 });
    expect(step.lastError?.description).toMatch(/not finished yet/);
    // The step backoff here is 40-400 ms: a step retried by itself would have gone again by now.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await portal.requests('telephony.externalCall.attachRecord')).toHaveLength(1);

    expect(await on.services.handlers['outbox/retry'](step.id)).toEqual({ retried: true });
    await on.until(
      "the agent's retry refused too",
      () => on.history(),
      ([summary]) =>
        summary?.steps.find((s) => s.id === step.id)?.attempts === 2 && summary.sync.state === 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await portal.requests('telephony.externalCall.attachRecord')).toHaveLength(2);
  });

  it('a rate limit or server error on attachRecord is retried with backoff: the recording arrives once', async () => {
    const on = await startAgent({ services: { recordings: { inlineLimitBytes: 0 } } });
    const scripted = call();
    await report(on, scripted.facts.slice(0, 2));
    await record(on, scripted.callKey, tenSeconds);
    await report(on, scripted.facts.slice(2));
    await on.synced();
    await portal.faults({
      status503: { count: 1, methods: ['telephony.externalCall.attachRecord'] },
      status500: { count: 1, methods: ['telephony.externalCall.attachRecord'] },
    });
    await on.services.handlers['recording/finish']({ callKey: scripted.callKey });
    const summary = await syncedCall(on, scripted.callKey);
    expect(summary.steps.find((step) => step.kind === 'attachRecord')).toMatchObject({
      state: 'done',
      attempts: 3,
    });
    const requests = await portal.requests('telephony.externalCall.attachRecord');
    expect(requests.map((request) => request.fault)).toEqual([
      expect.stringMatching(/503/),
      expect.stringMatching(/500/),
      null,
    ]);
    const held = await portalCall(summary.callId!);
    expect(held.records).toHaveLength(1);
    expect(held.records[0]).toMatchObject({ via: 'uploadUrl', format: 'mp3' });
  });

  it('refuses chunks that leave a gap, acknowledges repeated ones', async () => {
    const on = await startAgent();
    const scripted = call();
    await report(on, scripted.facts.slice(0, 2));
    const h = on.services.handlers;
    const callKey = scripted.callKey;
    const first = tenSeconds[0]!.toString('base64');
    await h['recording/start']({ callKey });
    expect(await h['recording/append']({ callKey, offset: 0, data: first })).toMatchObject({ ok: true });
    expect(await h['recording/append']({ callKey, offset: 0, data: first })).toMatchObject({ ok: true });
    expect(await h['recording/append']({ callKey, offset: 99_999, data: first })).toMatchObject({
      ok: false,
      bytes: tenSeconds[0]!.length,
    });
  });

  it('a portal refusal of the file fails the upload with its text (no retry by itself)', async () => {
    const on = await startAgent();
    const scripted = call();
    await report(on, scripted.facts);
    const [summary] = await on.synced();
    const dir = path.join(on.profileDir, 'recordings');
    writeFileSync(path.join(dir, 'x.mp3'), Buffer.concat(tenSeconds));
    const uploader = new RecordUploader({ pathOf: (file) => path.join(dir, file) });
    const client = new BitrixClient(await portal.tokens(me));
    await expect(
      uploader.attachRecord(client, summary!.callId!, { path: 'x.mp3', fileName: 'call.ogg' }),
    ).rejects.toThrow(/Wrong file extension/);
    await expect(
      uploader.attachRecord(client, 'externalCall.unknown', { path: 'x.mp3', fileName: 'call.mp3' }),
    ).rejects.toThrow(/not finished yet/);
    // Both are refusals: the outbox fails the step for the agent's retry instead of retrying it.
    await expect(
      uploader.attachRecord(client, summary!.callId!, { path: 'x.mp3', fileName: 'call.ogg' }),
    ).rejects.toMatchObject({ kind: 'rejected' });
  });

  describe('transcription hook', () => {
    let endpoint: Server;
    let url: string;
    let received: number[] = [];

    beforeAll(async () => {
      endpoint = createServer((request, response) => {
        let size = 0;
        request.on('data', (chunk: Buffer) => (size += chunk.length));
        request.on('end', () => {
          received.push(size);
          response.setHeader('Content-Type', 'application/json');
          response.end(
            JSON.stringify({
              utterances: [
                // Ends before the first whole second: the portal takes whole seconds only.
                { channel: 'right', start: 0.2, end: 0.8, text: 'Hello, I have a question' },
                { channel: 'left', start: 1.8, end: 3, text: 'Sure, how can I help?' },
              ],
            }),
          );
        });
      });
      await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/transcribe`;
    });
    afterAll(async () => {
      await new Promise((resolve) => endpoint.close(resolve));
    });

    it('sends the finished recording and attaches its utterances with the side from the channel', async () => {
      received = [];
      const on = await startAgent({
        settings: {
          recording: {
            mode: 'all',
            consent: 'none',
            retentionDays: 90,
            maxDiskMb: 2048,
            transcriptionUrl: url,
          },
        },
      });
      const scripted = call();
      await report(on, scripted.facts.slice(0, 2));
      const bytes = await record(on, scripted.callKey, tenSeconds);
      await report(on, scripted.facts.slice(2));
      await on.services.handlers['recording/finish']({ callKey: scripted.callKey });
      const [summary] = await on.until(
        'transcript delivered',
        () => on.history(),
        (calls) =>
          calls[0]?.sync.state === 'synced' &&
          calls[0].steps.some((step) => step.kind === 'attachTranscription'),
      );
      expect(received).toEqual([bytes]);
      const held = await portalCall(summary!.callId!);
      expect(JSON.stringify(held.transcriptions)).toContain('"SIDE":"Client"');
      expect(held.transcriptions).toHaveLength(1);
      const messages = JSON.stringify(held.transcriptions[0]);
      expect(messages).toMatch(/"Client","START_TIME":0,"STOP_TIME":1,"MESSAGE":"Hello, I have a question"/);
      expect(messages).toMatch(/"User","START_TIME":1,"STOP_TIME":3,"MESSAGE":"Sure, how can I help\?"/);
    });
  });
});
