import { WebSocket } from 'ws';

/**
 * Opens a SIP WebSocket (subprotocol "sip") to `url` and closes it again: true once the handshake
 * succeeded, undefined when it failed or did not finish within `timeoutMs`. The handshake is part
 * of "ready" because a stressed run saw the first agent after a Kamailio restart closed with 1006
 * although SIP OPTIONS and JSON-RPC on the same port had already been answered.
 */
export function probeWebSocket(url: string, timeoutMs = 1_000): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, 'sip');
    const finish = (result: true | undefined): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('open', () => finish(true));
    socket.on('error', () => finish(undefined));
    socket.on('close', () => finish(undefined));
  });
}
