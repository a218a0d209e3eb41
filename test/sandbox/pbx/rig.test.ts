import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreVersion } from '../../../sandbox/pbx/kamailio-rpc';
import { isAlive } from '../../../sandbox/pbx/managed-process';
import { NETNS_ENV } from '../../../sandbox/pbx/network-namespace';
import { startPbxRig, type PbxRig } from '../../../sandbox/pbx/rig';
import { pingRtpengine } from '../../../sandbox/pbx/rtpengine';
import { probeSipOptions } from '../../../sandbox/pbx/sip-probe';
import { startWsAgent } from '../../../sandbox/pbx/ws-agent';
import { startRigForTest, workerAddress } from '../../support/pbx-rig';

/** Every process of a process group (Kamailio's workers included) is gone. */
function groupGone(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe('PBX rig lifecycle', () => {
  let rig: PbxRig;

  beforeAll(async () => {
    rig = await startRigForTest('rig');
  });

  afterAll(async () => {
    await rig?.stop();
  });

  it('is ready when startPbxRig resolves: NG ping, SIP OPTIONS and JSON-RPC all answer', async () => {
    expect(await pingRtpengine(rig.sipAddress, 2223)).toBe(true);
    expect(await probeSipOptions(rig.sipAddress, rig.sipPort)).toBe(200);
    expect(await coreVersion(rig.rpcUrl)).toMatch(/^kamailio 5\./);
    expect(await rig.registrations()).toEqual([]);
  });

  it('restarts Kamailio with a new PID, forgetting registrations, and takes them again', async () => {
    const agent = await startWsAgent({ rig, extension: '101' });
    await rig.waitForRegistration('101');
    const before = rig.pids().kamailio;

    await rig.restartKamailio();

    const after = rig.pids().kamailio;
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(groupGone(before ?? 0)).toBe(true);
    expect(await rig.registrations()).toEqual([]);
    await agent.stop();

    const again = await startWsAgent({ rig, extension: '101' });
    expect((await rig.waitForRegistration('101')).contact).toMatch(/transport=ws/);
    await again.stop();
  });

  it('stops and starts Kamailio separately while rtpengine keeps running', async () => {
    const rtpengine = rig.pids().rtpengine;
    await rig.stopKamailio();
    expect(rig.pids().kamailio).toBeUndefined();
    expect(await probeSipOptions(rig.sipAddress, rig.sipPort)).toBeUndefined();

    await rig.startKamailio();
    expect(await probeSipOptions(rig.sipAddress, rig.sipPort)).toBe(200);
    expect(rig.pids().rtpengine).toBe(rtpengine);
  });
});

describe('PBX rig teardown and errors', () => {
  it('leaves no process behind after stop()', async () => {
    const rig = await startRigForTest('rig-stop', { address: '127.78.0.1' });
    const { kamailio, rtpengine } = rig.pids();
    expect(kamailio && isAlive(kamailio)).toBe(true);
    expect(rtpengine && isAlive(rtpengine)).toBe(true);

    await rig.stop();

    expect(rig.pids()).toEqual({});
    expect(groupGone(kamailio ?? 0)).toBe(true);
    expect(groupGone(rtpengine ?? 0)).toBe(true);
  });

  it('reports a process that dies during start-up with its exit and its log', async () => {
    // 198.51.100.1 (TEST-NET-2) is on no interface: rtpengine cannot bind it and exits.
    await expect(startRigForTest('rig-unbindable', { address: '198.51.100.1' })).rejects.toThrow(
      /rtpengine exited with code \d+ during start-up \(log: .*rtpengine\.log\):\n.+/,
    );
  });

  it('refuses to start on ports another rig holds', async () => {
    const first = await startRigForTest('rig-clash-1', { address: '127.78.1.1' });
    try {
      await expect(startRigForTest('rig-clash-2', { address: '127.78.1.1' })).rejects.toThrow(
        /UDP 127\.78\.1\.1:5060, TCP 127\.78\.1\.1:8088, UDP 127\.78\.1\.1:2223 already in use/,
      );
    } finally {
      await first.stop();
    }
  });

  it('refuses to start outside the private network namespace', async () => {
    const saved = process.env[NETNS_ENV];
    delete process.env[NETNS_ENV];
    try {
      await expect(startPbxRig({ address: workerAddress() })).rejects.toThrow(
        /must run inside the PBX rig's private network namespace/,
      );
    } finally {
      if (saved !== undefined) process.env[NETNS_ENV] = saved;
    }
  });
});
