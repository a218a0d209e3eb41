import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts the CLI as `npm run portal` does and waits for its one ready line. */
async function startCli(args: string[]): Promise<{ child: ChildProcess; origin: string; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/portal/cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const lines: string[] = [];
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line: ${lines.join('\n')}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      const ready = lines
        .map((line) =>
          /^portal emulator ready at (http:\/\/127\.0\.0\.1:\d+) \(app client_id=local\.[\w.]+\)$/.exec(line),
        )
        .find(Boolean);
      if (ready?.[1]) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${lines.join('\n')}`)));
  });
  return { child, origin, lines };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

describe('npm run portal', () => {
  it('listens on 127.0.0.1, prints exactly one ready line, and keeps state in the --data snapshot across restarts', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'portal-cli-'));
    const data = join(directory, 'portal.json');
    try {
      const first = await startCli(['--port', '0', '--data', data]);
      expect(first.lines).toHaveLength(1);
      const post = (origin: string, path: string, body: unknown) =>
        fetch(`${origin}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then((response) => response.json() as Promise<Record<string, unknown>>);
      const tokens = await post(first.origin, '/_sandbox/tokens', { user_id: 2 });
      const registered = await post(first.origin, '/rest/telephony.externalCall.register', {
        auth: tokens.access_token,
        USER_ID: 2,
        PHONE_NUMBER: '+74951234567',
        TYPE: 2,
      });
      const callId = (registered.result as { CALL_ID: string }).CALL_ID;
      await stop(first.child);
      expect(existsSync(data)).toBe(true);
      expect(readFileSync(data, 'utf8')).toContain(callId);

      const second = await startCli(['--port', '0', '--data', data]);
      const { calls } = (await fetch(`${second.origin}/_sandbox/calls`).then((response) =>
        response.json(),
      )) as { calls: { CALL_ID: string }[] };
      expect(calls.map((call) => call.CALL_ID)).toEqual([callId]);
      await stop(second.child);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
