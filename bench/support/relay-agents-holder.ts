/**
 * Holds many agent apps' connections to a relay for bench/support/dispatch-load.ts, in its own
 * process so their event loop and garbage collection do not distort the latency the benchmark
 * measures elsewhere. Each app answers the relay's heartbeat pings (ws does that) and accepts every
 * click-to-call it gets, as the real app does.
 *   <- {url, tokens, firstIndex}   -> {connected: n}
 */
import { WebSocket } from 'ws';
import { hubInstanceHeader, hubPath } from '../../common/relay/hub-protocol';
import { acceptFrame } from './accept-frame';

const sockets: WebSocket[] = [];

function connect(url: string, token: string, index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws') + hubPath, {
      headers: { authorization: `Bearer ${token}`, [hubInstanceHeader]: `held-${index}-app` },
    });
    let nextId = 1;
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { t: string; command?: { id: string } };
      if (message.t === 'welcome') resolve();
      if (message.t === 'command' && message.command) {
        socket.send(acceptFrame(nextId++, message.command.id));
      }
    });
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`hub: ${response.statusCode}`)),
    );
    socket.once('error', reject);
    sockets.push(socket);
  });
}

process.on('message', (message: { url: string; tokens: string[]; firstIndex: number }) => {
  void (async () => {
    for (let start = 0; start < message.tokens.length; start += 200) {
      await Promise.all(
        message.tokens
          .slice(start, start + 200)
          .map((token, offset) => connect(message.url, token, message.firstIndex + start + offset)),
      );
    }
    process.send?.({ connected: sockets.length });
  })();
});
