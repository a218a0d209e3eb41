import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallSummary } from '../../../../common/calls/call-summary';
import type { RecordingSettings } from '../../../../common/settings/recording-settings';
import { encodeToneChunks } from '../../../support/mp3-fixture';
import { script } from '../support/call-scripts';
import { startSandboxPortal, type SandboxPortal } from '../support/sandbox-portal';
import { TestAgent } from '../support/test-agent';

/**
 * The retention policy (settings recording.retentionDays and maxDiskMb) on the agent's real
 * profile: uploaded and unusable recordings older than the days leave the disk, then the oldest of
 * them while the folder is over its limit; a recording not uploaded yet is never deleted. The
 * journal knows every file: the history says `deleted` for each one removed, and the folder holds
 * exactly the files the journal says are there.
 */
describe('recording retention', () => {
  const me = 2;
  let portal: SandboxPortal;
  let tenSeconds: Buffer[];
  let profileDir: string;
  let agent: TestAgent | undefined;
  let sequence = 0;

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
    rmSync(profileDir, { recursive: true, force: true });
    await portal.reset();
  });

  async function startAgent(recording: Partial<RecordingSettings>): Promise<TestAgent> {
    agent = new TestAgent({
      tokens: await portal.tokens(me),
      profileDir,
      settings: {
        recording: {
          mode: 'all',
          consent: 'none',
          retentionDays: 90,
          maxDiskMb: 2_048,
          transcriptionUrl: '',
          ...recording,
        },
      },
    });
    return agent;
  }

  /** One answered call recorded with `chunks`, ended, its recording finished (so its upload goes).
   * endBeforeFinish: the call is delivered first and then lost by Bitrix24, so the upload is refused. */
  async function recordedCall(on: TestAgent, chunks: Buffer[], options: { endBeforeFinish?: boolean } = {}) {
    sequence += 1;
    const scripted = script({
      scenario: 'answered-incoming',
      callKey: `retention-${sequence}`,
      userId: me,
      number: '+79161234567',
      ringingAt: Date.now() - 60_000,
      ringMs: 2_000,
      talkMs: 10_000,
    });
    const h = on.services.handlers;
    for (const fact of scripted.facts.slice(0, 2)) await on.report(fact);
    await h['recording/start']({ callKey: scripted.callKey });
    let offset = 0;
    for (const chunk of chunks) {
      for (let at = 0; at < chunk.length; at += 128 * 1024) {
        const part = chunk.subarray(at, at + 128 * 1024);
        await h['recording/append']({ callKey: scripted.callKey, offset, data: part.toString('base64') });
        offset += part.length;
      }
    }
    for (const fact of scripted.facts.slice(2)) await on.report(fact);
    if (options.endBeforeFinish) {
      await on.synced();
      await portal.reset();
    }
    await h['recording/finish']({ callKey: scripted.callKey });
    return scripted.callKey;
  }

  const byKey = async (on: TestAgent) =>
    new Map((await on.history()).map((call): [string, CallSummary] => [call.callKey, call]));
  /** The call keys of the files in the recordings folder (`<UTC time>_<call key>.mp3`). */
  const folder = () =>
    readdirSync(path.join(profileDir, 'recordings'))
      .map((file) => file.slice(file.indexOf('_') + 1, -'.mp3'.length))
      .sort();

  it('after the days: uploaded and unusable recordings go, one not uploaded stays, a recent one stays', async () => {
    profileDir = mkdtempSync(path.join(os.tmpdir(), 'b24phone-retention-'));
    let on = await startAgent({ retentionDays: 30 });
    const uploaded = await recordedCall(on, tenSeconds);
    const empty = await recordedCall(on, []);
    const recent = await recordedCall(on, tenSeconds);
    await on.until(
      'both uploads done',
      () => on.history(),
      (calls) => calls.every((call) => call.sync.state === 'synced'),
    );
    // Its attachRecord refused: Bitrix24 lost the call ("not finished yet"); it waits for a retry.
    const refused = await recordedCall(on, tenSeconds, { endBeforeFinish: true });
    await on.until(
      'the refused upload',
      async () => (await byKey(on)).get(refused)?.sync.state,
      (state) => state === 'failed',
    );
    expect(folder()).toHaveLength(4);
    await on.services.close();

    // Forty days later for all but the recent one.
    const db = new Database(path.join(profileDir, 'call-journal.sqlite'));
    const longAgo = Date.now() - 40 * 86_400_000;
    const age = db.prepare('UPDATE recordings SET started_at = ?, finished_at = ? WHERE call_key = ?');
    for (const callKey of [uploaded, empty, refused]) age.run(longAgo, longAgo, callKey);
    db.close();

    on = await startAgent({ retentionDays: 30 });
    const calls = await byKey(on);
    expect(calls.get(uploaded)?.recording?.state).toBe('deleted');
    expect(calls.get(empty)?.recording?.state).toBe('deleted');
    expect(calls.get(refused)?.recording?.state).toBe('queued');
    expect(calls.get(recent)?.recording?.state).toBe('queued');
    expect(folder()).toEqual([refused, recent].sort());
  });

  it('over the disk limit: the oldest uploaded recordings go until the folder fits', async () => {
    profileDir = mkdtempSync(path.join(os.tmpdir(), 'b24phone-retention-'));
    const on = await startAgent({ retentionDays: 0, maxDiskMb: 50 });
    // 20 MiB of whole CBR frames each (about 58 minutes): three of them do not fit in 50 MiB.
    const all = Buffer.concat(tenSeconds);
    const frames = all.subarray(0, all.length - (all.length % 216));
    const twentyMiB = Buffer.concat(
      Array.from({ length: Math.ceil((20 * 2 ** 20) / frames.length) }, () => frames),
    );
    const keys: string[] = [];
    for (let i = 0; i < 3; i++) {
      keys.push(await recordedCall(on, [twentyMiB]));
      await on.until(
        `upload ${i + 1}`,
        async () => (await byKey(on)).get(keys[i]!)?.sync.state,
        (state) => state === 'synced',
      );
    }
    const calls = await on.until(
      'the oldest removed',
      () => byKey(on),
      (known) => known.get(keys[0]!)?.recording?.state === 'deleted',
    );
    expect(calls.get(keys[1]!)?.recording?.state).toBe('queued');
    expect(calls.get(keys[2]!)?.recording?.state).toBe('queued');
    expect(folder()).toEqual([keys[1]!, keys[2]!].sort());
    // 60 MiB recorded through the host's handlers and uploaded to the emulator in this process:
    // 13-27 s at load average 8 (stress-ng --cpu 2), 70 s when another suite ran too. The waits
    // have no clock of their own; this budget is only the safety net.
  }, 300_000);
});
