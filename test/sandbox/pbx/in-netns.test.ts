import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../../sandbox/pbx/managed-process';
import { NETNS_ENV } from '../../../sandbox/pbx/network-namespace';
import { waitUntil } from '../../../sandbox/pbx/wait-until';

/** Runs in-netns.ts as a fresh namespace would (without the marker of the one we are in). */
function inNetns(script: string): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env[NETNS_ENV];
  const result = spawnSync('npx', ['tsx', 'sandbox/pbx/in-netns.ts', '--', 'sh', '-c', script], {
    env,
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('in-netns', () => {
  it('runs the command in a namespace with loopback, the veth address and a default route, marked by the env', () => {
    const result = inNetns(`ip -4 -o addr show; ip route show default; echo "marker=$${NETNS_ENV}"`);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\blo\s+inet 127\.0\.0\.1\/8/);
    expect(result.stdout).toMatch(/\bv0\s+inet 198\.18\.0\.1\/24/);
    expect(result.stdout).toMatch(/^default dev v0/m);
    expect(result.stdout).toContain('marker=1');
    // Nothing of the machine's own interfaces is visible inside.
    expect(result.stdout.match(/inet /g)).toHaveLength(2);
  });

  it("exits with the command's exit code", () => {
    expect(inNetns('exit 7').status).toBe(7);
  });

  it('kills, by PID, what the command left running in the namespace', async () => {
    // Wait until the background child has exec'd sleep (until then it is still a copy of sh).
    const result = inNetns(
      'sleep 60 & pid=$!; until [ "$(cat /proc/$pid/comm)" = sleep ]; do :; done; echo "pid=$pid"',
    );
    const pid = Number(/pid=(\d+)/.exec(result.stdout)?.[1]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(`killing processes left running in the namespace: sleep \\(${pid}\\)`),
    );
    // Killed; init reaps it a moment later.
    await waitUntil('the leftover to be reaped', () => (isAlive(pid) ? undefined : true), {
      timeoutMs: 2_000,
    });
  });
});
