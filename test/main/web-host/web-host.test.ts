import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bridgeHandshake } from '../../../common/host-api/launch-key';
import type { WebHost } from '../../../main/web-host/web-host';
import { startWebHostInProcess, type WebHostInProcess } from '../../support/web-host-in-process';

let running: WebHostInProcess;
let host: WebHost;

beforeEach(async () => {
  running = await startWebHostInProcess();
  host = running.host;
});

afterEach(() => running.close());

/** Opens the bridge as a raw WebSocket client with exactly these headers. */
function connectWith(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${host.url.replace('http', 'ws')}/host`, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** As the page served by the host does: its origin, and the key it got as a cookie. */
const connect = () => connectWith(bridgeHandshake(host.openUrl).headers);

function call(socket: WebSocket, frame: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as Record<string, unknown>));
    socket.send(JSON.stringify(frame));
  });
}

describe('web host', () => {
  it('serves the renderer on loopback, at the address with its launch key, and hands the key over as a strict cookie', async () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
    const response = await fetch(host.openUrl);
    expect(await response.text()).toContain('<title>b24phone</title>');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const cookie = response.headers.get('set-cookie') ?? '';
    const { headers } = bridgeHandshake(host.openUrl);
    expect(cookie.startsWith(`${headers['cookie']};`)).toBe(true);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    // The page's own requests carry the cookie instead of the key.
    const again = await fetch(host.url, { headers: { cookie: headers['cookie']! } });
    expect(again.status).toBe(200);
  });

  it('serves nothing to a client that only knows the port', async () => {
    const response = await fetch(host.url);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain('<title>b24phone</title>');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect((await fetch(`${host.url}/?key=guessed`)).status).toBe(401);
  });

  it('answers host API calls over the bridge from its own page', async () => {
    const socket = await connect();
    const answer = await call(socket, { id: 7, method: 'settings/get', args: [] });
    expect(answer).toMatchObject({ kind: 'result', id: 7, result: { cardPolicy: 'on-ring' } });
    socket.close();
  });

  it('refuses a local process that sends the right Origin but not the launch key', async () => {
    await expect(connectWith({ origin: host.url })).rejects.toThrow('403');
    const { headers } = bridgeHandshake(host.openUrl);
    const wrongKey = headers['cookie']!.replace(/=.*/, '=not-the-key');
    await expect(connectWith({ origin: host.url, cookie: wrongKey })).rejects.toThrow('403');
  });

  it('refuses a bridge connection from another origin, even with the key', async () => {
    const { headers } = bridgeHandshake(host.openUrl);
    await expect(connectWith({ ...headers, origin: 'http://evil.example' })).rejects.toThrow('403');
    await expect(connectWith({ ...headers, origin: 'http://127.0.0.1:1' })).rejects.toThrow('403');
  });

  it('answers invalid calls with an error and stays up', async () => {
    const socket = await connect();
    expect(
      await call(socket, { id: 1, method: 'settings/save', args: [{ sip: { wsUrl: 'nope' } }] }),
    ).toMatchObject({
      kind: 'error',
      id: 1,
      message: 'Invalid arguments for settings/save',
    });
    expect(await call(socket, { id: 2, method: 'shell/exec', args: ['rm -rf /'] })).toMatchObject({
      kind: 'error',
      id: 2,
    });
    socket.send('not json at all');
    expect(await call(socket, { id: 3, method: 'status/get', args: [] })).toMatchObject({
      kind: 'result',
      id: 3,
    });
    socket.close();
  });
});
