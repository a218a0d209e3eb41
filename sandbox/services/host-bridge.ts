import WebSocket from 'ws';
import {
  bridgePath,
  deliverBridgeFrame,
  type BridgeEvents,
  type PendingBridgeCall,
} from '../../common/host-api/bridge-protocol';
import { Emitter } from '../../common/events/emitter';
import { buildHostApi, type HostApi } from '../../common/host-api/host-api';
import { bridgeHandshake } from '../../common/host-api/launch-key';

export interface HostBridge {
  /** The agent's host API, exactly as the app's page calls it. */
  host: HostApi;
  close(): void;
}

/**
 * Opens the web host's WebSocket bridge (`/host`) from Node, as the app's own page on that host
 * does - with the host's origin and its launch key, taken from `hostUrl`, the address the host
 * printed (common/host-api/launch-key.ts) - so a script can ask the agent's host
 * what the page would ask. One connection, no reconnecting: a lost connection fails the calls
 * waiting on it. Calls time out after `callTimeoutMs`.
 */
export async function openHostBridge(hostUrl: string, callTimeoutMs = 15_000): Promise<HostBridge> {
  const { origin, headers } = bridgeHandshake(hostUrl);
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}${bridgePath}`, { headers });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', (error) =>
      reject(new Error(`could not open the host bridge of ${origin}: ${error.message}`)),
    );
  });
  // A later error is followed by 'close', which fails the calls waiting; unheard, it would throw.
  socket.on('error', () => undefined);
  const pending = new Map<number, PendingBridgeCall>();
  const events: BridgeEvents = new Emitter();
  // Text frames only: the host never sends binary ones.
  socket.on('message', (data: Buffer) => deliverBridgeFrame(data.toString('utf8'), pending, events));
  socket.on('close', () => {
    for (const call of pending.values()) call.reject(new Error(`the host bridge of ${origin} closed`));
    pending.clear();
  });
  let nextId = 1;
  const host = buildHostApi({
    invoke: (method, args) =>
      new Promise((resolve, reject) => {
        if (socket.readyState !== WebSocket.OPEN) {
          reject(new Error(`the host bridge of ${origin} is closed`));
          return;
        }
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`the host at ${origin} did not answer ${method} in time`));
        }, callTimeoutMs);
        pending.set(id, {
          resolve: (value) => (clearTimeout(timer), resolve(value)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
        socket.send(JSON.stringify({ id, method, args }));
      }),
    subscribe: (event, listener) => {
      return events.on(event, listener);
    },
  });
  return { host, close: () => socket.close() };
}
