import {
  bridgePath,
  deliverBridgeFrame,
  type BridgeEvents,
  type PendingBridgeCall,
} from '../../common/host-api/bridge-protocol';
import { Emitter } from '../../common/events/emitter';
import type { HostEventName, HostMethodName } from '../../common/host-api/contract';
import type { HostTransport } from '../../common/host-api/host-api';

/**
 * The host API over the web host's WebSocket bridge. Calls made while the socket is down wait for
 * it (up to `callTimeoutMs`); the socket reconnects with backoff; event listeners stay registered
 * across reconnects because the host pushes every event to every connected tab.
 */
export function createWebSocketTransport(origin = location.origin, callTimeoutMs = 15_000): HostTransport {
  const url = `${origin.replace(/^http/, 'ws')}${bridgePath}`;
  const events: BridgeEvents = new Emitter();
  const pending = new Map<number, PendingBridgeCall>();
  const waitingForOpen: Array<() => void> = [];
  let socket: WebSocket | null = null;
  let nextId = 1;
  let reconnectDelay = 250;

  const connect = () => {
    const current = new WebSocket(url);
    socket = current;
    current.onopen = () => {
      reconnectDelay = 250;
      waitingForOpen.splice(0).forEach((send) => send());
    };
    current.onmessage = (message: MessageEvent<string>) => deliverBridgeFrame(message.data, pending, events);
    current.onclose = () => {
      for (const call of pending.values()) call.reject(new Error('The connection to the host was lost'));
      pending.clear();
      setTimeout(connect, reconnectDelay);
      reconnectDelay = Math.min(reconnectDelay * 2, 5_000);
    };
  };
  connect();

  return {
    invoke(method: HostMethodName, args: unknown[]) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`The host did not answer ${method} in time`));
        }, callTimeoutMs);
        const settle =
          <T>(done: (value: T) => void) =>
          (value: T) => {
            clearTimeout(timer);
            done(value);
          };
        const send = () => {
          pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
          socket?.send(JSON.stringify({ id, method, args }));
        };
        if (socket?.readyState === WebSocket.OPEN) send();
        else waitingForOpen.push(send);
      });
    },
    subscribe(event: HostEventName, listener: (payload: unknown) => void) {
      return events.on(event, listener);
    },
  };
}
