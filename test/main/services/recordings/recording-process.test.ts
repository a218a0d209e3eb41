import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallFact } from '../../../../common/calls/call-fact';
import type { CallSummary } from '../../../../common/calls/call-summary';
import { decodeStereo, probeDuration, toneShare } from '../../../support/audio-analysis';
import { encodeToneChunks } from '../../../support/mp3-fixture';
import { waitInTest } from '../../../support/wait-in-test';
import { holdUploads } from '../support/held-uploads';
import { startSandboxPortal, type SandboxPortal } from '../support/sandbox-portal';
import { WebHostProcess } from '../support/web-host-process';

interface PortalRecord {
  via: string;
  durationSec: number;
  size: number;
  attachedAt: string;
  url: string;
}

/**
 * The real web host in its own process, driven through its bridge as the renderer drives it:
 * killed with SIGKILL in the middle of a recorded call, then started again on the same profile
 * (the partial recording is finalized, plays, and is attached after the call's finish); and a
 * 60-minute recording uploaded through the uploadUrl with the process's memory measured mid-upload.
 * Host processes take seconds to start on a busy two-core machine, hence the budget.
 */
const budget = 180_000;

describe('recordings in the host process', { timeout: budget }, () => {
  const me = 2;
  let portal: SandboxPortal;
  let workDir: string;
  let profileDir: string;
  let host: WebHostProcess | undefined;
  /** The running test's signal: aborted when it times out, it stops its hosts and its waits. */
  let signal: AbortSignal;
  let chunks: Buffer[];
  let sequence = 0;

  beforeAll(async () => {
    portal = await startSandboxPortal();
    chunks = await encodeToneChunks(10);
  });
  afterAll(async () => {
    await portal.close();
  });
  beforeEach(async (context) => {
    signal = context.signal;
    workDir = mkdtempSync(path.join(os.tmpdir(), 'b24phone-rec-'));
    profileDir = path.join(workDir, 'profile');
    mkdirSync(profileDir, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(profileDir, 'bitrix-tokens.json'), JSON.stringify(await portal.tokens(me)), {
      mode: 0o600,
    });
    host = await WebHostProcess.start(profileDir, ['--log-level', 'warn'], signal);
  }, budget);
  afterEach(async () => {
    await WebHostProcess.stopAll();
    host = undefined;
    rmSync(workDir, { recursive: true, force: true });
    await portal.reset();
  });

  const report = async (fact: CallFact) =>
    expect(await host!.call('calls/report', fact), fact.type).toEqual({ accepted: true });
  const history = () => host!.call<CallSummary[]>('calls/history', { limit: 50 });
  const until = <T>(what: string, probe: () => Promise<T> | T, done: (value: T) => boolean) =>
    waitInTest(what, probe, done, signal);
  async function portalRecords(callId: string): Promise<{ finishedAt: string; records: PortalRecord[] }> {
    return (await (await fetch(`${portal.url}/_sandbox/calls/${encodeURIComponent(callId)}`)).json()) as {
      finishedAt: string;
      records: PortalRecord[];
    };
  }
  function startCall(): string {
    sequence += 1;
    return `rec-process-${sequence}-${Date.now()}`;
  }
  async function ringAndAnswer(callKey: string, answeredAt: number) {
    await report({
      type: 'ringing',
      callKey,
      direction: 'incoming',
      sipCallId: `${callKey}@sip.test`,
      remoteNumber: '+79161234567',
      at: answeredAt - 2_000,
    });
    await report({ type: 'answered', callKey, at: answeredAt });
  }
  async function send(callKey: string, data: Buffer[], offset = 0): Promise<number> {
    for (const chunk of data) {
      for (let at = 0; at < chunk.length; at += 128 * 1024) {
        const part = chunk.subarray(at, at + 128 * 1024);
        const answer = await host!.call<{ ok: boolean }>('recording/append', {
          callKey,
          offset,
          data: part.toString('base64'),
        });
        expect(answer.ok).toBe(true);
        offset += part.length;
      }
    }
    return offset;
  }

  it('SIGKILL mid-call: after the restart the partial recording is finalized, plays, and is attached after the finish', async () => {
    const callKey = startCall();
    await ringAndAnswer(callKey, Date.now() - 7_000);
    await host!.call('recording/start', { callKey });
    // Seven seconds reached the disk, then half of the eighth's chunk, then the process died.
    const sent = await send(callKey, [...chunks.slice(0, 7), chunks[7]!.subarray(0, 333)]);
    const pid = host!.pid;
    expect(await host!.kill9()).toBe('SIGKILL');
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);

    host = await WebHostProcess.start(profileDir, ['--log-level', 'warn'], signal);
    const [call] = await until(
      'the recovered call and its recording synced',
      history,
      (calls) => calls[0]?.sync.state === 'synced' && calls[0].recording?.state === 'queued',
    );
    expect(call!.steps.map((step) => step.kind)).toEqual(['register', 'finish', 'attachRecord']);
    expect(call!.recording!.bytes).toBeLessThanOrEqual(sent);
    const held = await portalRecords(call!.callId!);
    expect(held.records).toHaveLength(1);
    expect(Date.parse(held.records[0]!.attachedAt)).toBeGreaterThanOrEqual(Date.parse(held.finishedAt));
    const file = path.join(workDir, 'recovered.mp3');
    writeFileSync(file, Buffer.from(await (await fetch(held.records[0]!.url)).arrayBuffer()));
    expect(probeDuration(file)).toBeGreaterThan(6.9);
    expect(probeDuration(file)).toBeLessThan(8);
    const pcm = decodeStereo(file);
    expect(toneShare(pcm.left, pcm.sampleRate, 440)).toBeGreaterThan(0.8);
    expect(toneShare(pcm.right, pcm.sampleRate, 1_000)).toBeGreaterThan(0.8);
    // The renderer of the dead process's call may still send: the host keeps the finalized file.
    expect(await host.call('recording/append', { callKey, offset: sent, data: 'AAAA' })).toMatchObject({
      ok: false,
    });
  });

  it('a 60-minute recording goes through the uploadUrl, streamed: memory mid-upload grows by less than half the file', async () => {
    const callKey = startCall();
    await ringAndAnswer(callKey, Date.now() - 3_600_000);
    await host!.call('recording/start', { callKey });
    // 60 minutes of CBR frames: the 10 s recording's whole frames, repeated.
    const tenSeconds = Buffer.concat(chunks);
    const frames = tenSeconds.subarray(0, tenSeconds.length - (tenSeconds.length % 216));
    const minute = Buffer.concat(Array.from({ length: 6 }, () => frames));
    for (let m = 0; m < 60; m++) await send(callKey, [minute], m * minute.length);
    const size = minute.length * 60;
    // Measured while the portal holds the upload with its first file bytes received: an uploader
    // holding the file has all of it in memory by then (measured: +19.3 MiB, the rest in pages
    // freed earlier), a streaming one only what is in flight (socket buffers, 0-4 MiB). A peak
    // after the upload measured when the GC ran instead: the read buffers already sent are
    // garbage, collected at once on a quiet machine and after the whole file on a busy one.
    const uploads = holdUploads(portal.app.server);
    try {
      const before = residentKb(host!.pid);
      await report({ type: 'ended', callKey, at: Date.now(), reason: { kind: 'hangup', by: 'remote' } });
      await host!.call('recording/finish', { callKey });
      await until(
        'the first file bytes of the upload at the portal',
        () => uploads.receivedBytes(),
        (bytes) => bytes > 4096,
      );
      const growth = (residentKb(host!.pid) - before) * 1024;
      console.log(
        `60-minute upload: file ${(size / 2 ** 20).toFixed(1)} MiB; host RSS before ${(before / 1024).toFixed(1)} MiB, grown by ${(growth / 2 ** 20).toFixed(1)} MiB mid-upload`,
      );
      expect(growth).toBeLessThan(size / 2);
    } finally {
      uploads.release();
    }
    const [call] = await until(
      'the long recording uploaded',
      history,
      (calls) => calls[0]?.sync.state === 'synced' && calls[0].recording?.state === 'queued',
    );
    const held = await portalRecords(call!.callId!);
    expect(held.records).toHaveLength(1);
    expect(held.records[0]).toMatchObject({ via: 'uploadUrl' });
    expect(held.records[0]!.size).toBe(size);
    expect(held.records[0]!.durationSec).toBeGreaterThan(3_590);
  });
});

/** The process's resident memory now, in KiB, from /proc. */
function residentKb(pid: number): number {
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
}
