import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WebHost } from '../../../main/web-host/web-host';
import { startWebHostInProcess, type WebHostInProcess } from '../../support/web-host-in-process';

let running: WebHostInProcess;
let host: WebHost;

beforeEach(async () => {
  running = await startWebHostInProcess();
  host = running.host;
});

afterEach(() => running.close());

function connect(origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${host.url.replace('http', 'ws')}/host`, { origin });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function call(socket: WebSocket, frame: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as Record<string, unknown>));
    socket.send(JSON.stringify(frame));
  });
}

describe('web host', () => {
  it('serves the renderer on loopback', async () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
    const response = await fetch(host.url);
    expect(await response.text()).toContain('<title>b24phone</title>');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('answers host API calls over the bridge from its own origin', async () => {
    const socket = await connect(host.url);
    const answer = await call(socket, { id: 7, method: 'settings/get', args: [] });
    expect(answer).toMatchObject({ kind: 'result', id: 7, result: { cardPolicy: 'on-ring' } });
    socket.close();
  });

  it('refuses a bridge connection from another origin', async () => {
    await expect(connect('http://evil.example')).rejects.toThrow('403');
  });

  it('answers invalid calls with an error and stays up', async () => {
    const socket = await connect(host.url);
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
