import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { hubMaxFrameBytes, hubPath } from '../../common/relay/hub-protocol';
import { RelayRig, sleep } from './support/relay-rig';

let rig: RelayRig;
afterEach(async () => {
  await rig?.close();
});

function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.once('error', () => resolve(0));
  });
}

describe('agent hub', () => {
  it('refuses upgrades without a live session', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const url = rig.relayUrl.replace(/^http/, 'ws') + hubPath;
    expect(await upgradeStatus(url, {})).toBe(401);
    expect(await upgradeStatus(url, { authorization: `Bearer ${'A'.repeat(43)}` })).toBe(401);
    expect(await upgradeStatus(rig.relayUrl.replace(/^http/, 'ws') + '/elsewhere', {})).toBe(404);
  });

  it('answers bad requests with an error, and closes on malformed or oversized frames', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const agent = await rig.agent(2);
    expect(await agent.rawRequest('ring/claim', { externalCallId: '' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    agent.socket.send('{"t":"request","id":1,"method":"no/such","params":{}}');
    expect((await agent.waitForClose()).code).toBe(1007);

    const big = await rig.connect(agent.session);
    big.socket.send('x'.repeat(hubMaxFrameBytes + 1));
    expect((await big.waitForClose()).code).toBe(1009);
  });

  it('drops a connection that stops answering heartbeats', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const { session } = await rig.signIn(2);
    const silent = new WebSocket(rig.relayUrl.replace(/^http/, 'ws') + hubPath, {
      headers: { authorization: `Bearer ${session}` },
      autoPong: false,
    });
    const closed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
    expect(await closed).toBe(1006);
    expect(rig.relay.relay.hub.isConnected((await rig.stores.portals.list())[0]?.memberId ?? '', 2)).toBe(
      false,
    );
  });

  it('resends an unsettled command after a relay restart; the reconnecting app gets the same id', async () => {
    rig = await RelayRig.start({ relay: { clickToCall: { acceptTimeoutMs: 8000 } } });
    await rig.install();
    const agent = await rig.agent(2);
    await rig.sandbox('/_sandbox/click-to-call', { user_id: 2, phone: '+79161234567' });
    const before = await agent.waitForCommand('click-to-call');
    await rig.restartRelay();
    await agent.waitForClose();
    const again = await rig.connect(agent.session);
    const after = await again.waitForCommand('click-to-call');
    expect(after.id).toBe(before.id);
    expect(await again.request('command/accept', { commandId: after.id })).toEqual({ outcome: 'yours' });
  });

  it("limits the request rate of one connection's session", async () => {
    rig = await RelayRig.start({ relay: { limits: { sessionRatePerSecond: 5 } } });
    await rig.install();
    const agent = await rig.agent(2);
    await sleep(1000);
    const replies = await Promise.all(
      Array.from({ length: 30 }, () => agent.rawRequest('callbacks/list', {})),
    );
    const answered = replies.filter((reply) => reply.t === 'response' && reply.ok).length;
    const limited = replies.filter(
      (reply) => reply.t === 'response' && reply.error?.code === 'rate-limited',
    ).length;
    expect(answered).toBeGreaterThanOrEqual(5);
    expect(answered).toBeLessThan(15);
    expect(answered + limited).toBe(30);
  });
});

describe('operations', () => {
  it('reports health, readiness and metrics', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const agent = await rig.agent(2);
    await rig.sandbox('/_sandbox/click-to-call', { user_id: 2, phone: '+79161234567' });
    await agent.waitForCommand('click-to-call');
    expect(await (await fetch(`${rig.relayUrl}/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${rig.relayUrl}/ready`)).json()).toMatchObject({
      ready: true,
      portals: 1,
      agents: 1,
    });
    const metrics = await (await fetch(`${rig.relayUrl}/metrics`)).text();
    expect(metrics).toContain('relay_events_in_total{event="ONEXTERNALCALLSTART",outcome="dispatched"} 1');
    expect(metrics).toContain('relay_commands_out_total{kind="click-to-call"} 1');
    expect(metrics).toContain('relay_dispatch_latency_seconds_count 1');
    expect(metrics).toContain('relay_agent_connections 1');
  });
});
