import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { relayFileConfigSchema } from '../../../relay/config/relay-config';
import { defaultPortalPort } from '../../../sandbox/portal/default-port';
import { build } from '../../../sandbox/portal/server';
import { loadSnapshot, persistTo } from '../../../sandbox/portal/snapshot';

const started: ChildProcess[] = [];
const directories: string[] = [];
afterEach(async () => {
  const children = started.splice(0).filter((child) => child.exitCode === null && child.signalCode === null);
  const exits = children.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of children) process.kill(child.pid!, 'SIGKILL');
  await Promise.all(exits);
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function scratch(): string {
  const directory = mkdtempSync(join(tmpdir(), 'portal-cli-'));
  directories.push(directory);
  return join(directory, 'portal.json');
}

/** Starts the CLI as `npm run portal` does and waits for its ready line (the test's timeout bounds it). */
async function startCli(args: string[]): Promise<{ child: ChildProcess; origin: string; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/portal/cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const lines: string[] = [];
  const origin = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      const ready = lines
        .map((line) =>
          /^portal emulator ready at (http:\/\/127\.0\.0\.1:\d+) \(app client_id=local\.[\w.]+\)$/.exec(line),
        )
        .find(Boolean);
      if (ready?.[1]) resolve(ready[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${lines.join('\n')}`)));
  });
  return { child, origin, lines };
}

// Each case starts the CLI (`node --import tsx`): seconds apiece on a busy two-core machine.
describe('npm run portal', { timeout: 120_000 }, () => {
  it('listens on 127.0.0.1, prints exactly one ready line and writes the --data snapshot on exit', async () => {
    const data = scratch();
    const { child, origin, lines } = await startCli(['--port', '0', '--data', data]);
    expect(lines).toHaveLength(1);
    const post = (path: string, body: unknown) =>
      fetch(`${origin}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((response) => response.json() as Promise<Record<string, unknown>>);
    const tokens = await post('/_sandbox/tokens', { user_id: 2 });
    const registered = await post('/rest/telephony.externalCall.register', {
      auth: tokens.access_token,
      USER_ID: 2,
      PHONE_NUMBER: '+74951234567',
      TYPE: 2,
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    expect(readFileSync(data, 'utf8')).toContain((registered.result as { CALL_ID: string }).CALL_ID);
  });

  it('refuses an unreadable or malformed --data or --config file with one clear line, and leaves the file alone', async () => {
    const cases: [string[], string, RegExp][] = [
      [['--data'], '{"users": [', /--data .* is not readable JSON/],
      [['--data'], '{"users": [{"ID": "two"}]}', /is not a portal snapshot:\n {2}users\.0\.ID: /],
      [['--data'], '{"user": []}', /is not a portal snapshot:\n.*user/],
      [['--config'], '{"ambiguities": {"lenient": true}}', /--config .* is not a configuration patch/],
    ];
    for (const [flag, content, message] of cases) {
      const file = scratch();
      writeFileSync(file, content);
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'sandbox/portal/cli.ts', '--port', '0', ...flag, file],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      started.push(child);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect(code, content).toBe(2);
      expect(stdout, content).toBe('');
      expect(stderr, content).toMatch(/^portal emulator: /);
      expect(stderr, content).toMatch(message);
      expect(readFileSync(file, 'utf8'), content).toBe(content);
    }
  });

  it('is a portal of the --country given: it reads national numbers as that country’s', async () => {
    const { origin } = await startCli(['--port', '0', '--country', 'de']);
    const config = (await (await fetch(`${origin}/_sandbox/config`)).json()) as { defaultCountry: string };
    expect(config.defaultCountry).toBe('DE');
    const clicked = await fetch(`${origin}/_sandbox/click-to-call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 2, phone: '030 12345678' }),
    });
    expect(((await clicked.json()) as { data: Record<string, string> }).data).toMatchObject({
      PHONE_NUMBER: '030 12345678',
      PHONE_NUMBER_INTERNATIONAL: '+493012345678',
    });
  });

  it('refuses a --country it does not know with one clear line', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'sandbox/portal/cli.ts', '--port', '0', '--country', 'XX'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    started.push(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(2);
    expect(stderr).toBe('portal emulator: --country XX is not a known ISO country code (e.g. RU, DE, US)\n');
  });

  it('takes by default a port other than the relay’s default, so both start side by side', () => {
    // Both defaults, as `npm run portal` and `npm run relay` use them (binding them here would
    // collide with whatever else runs on this machine).
    expect(defaultPortalPort).not.toBe(relayFileConfigSchema.parse({}).listen.port);
  });

  it('starts again from the snapshot: calls, tokens and CRM survive a restart', async () => {
    const file = scratch();
    const first = build();
    const flush = persistTo(first.portal, file);
    const tokens = await first.inject({ method: 'POST', url: '/_sandbox/tokens', payload: { user_id: 3 } });
    const token = tokens.json<{ access_token: string }>().access_token;
    await first.inject({
      method: 'POST',
      url: '/rest/telephony.externalCall.register',
      payload: { auth: token, USER_ID: 3, PHONE_NUMBER: '+74950000000', TYPE: 1, CRM_CREATE: 1 },
    });
    flush();
    await first.close();

    const data = loadSnapshot(file);
    if (!data) throw new Error('no snapshot written');
    const second = build({ data });
    const calls = (await second.inject({ method: 'GET', url: '/_sandbox/calls' })).json<{
      calls: unknown[];
    }>().calls;
    expect(calls).toHaveLength(1);
    expect((await second.inject({ method: 'GET', url: `/rest/user.current?auth=${token}` })).statusCode).toBe(
      200,
    );
    expect(second.portal.data.crm.filter((entity) => entity.createdByCall !== null)).toHaveLength(1);
    await second.close();
  });
});
