import type { RawData, WebSocket } from 'ws';
import { bridgeRequestSchema, type BridgeServerFrame } from '../../common/host-api/bridge-protocol';
import { hostEventNames } from '../../common/host-api/contract';
import { RejectedHostCall, type HostDispatch } from '../services/host-api/dispatcher';
import type { HostEventBus } from '../services/host-api/event-bus';
import type { Logger } from '../services/log/logger';

/** Frames larger than this are not host API calls; refuse them before parsing. */
export const maxFrameBytes = 256 * 1024;

/**
 * One browser tab's end of the host API: requests go through the same dispatcher as Electron's
 * IPC (so they are validated identically), every host event is pushed to the tab.
 */
export function serveBridge(
  socket: WebSocket,
  dispatch: HostDispatch,
  events: HostEventBus,
  log: Logger,
): void {
  const send = (frame: BridgeServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const unsubscribes = hostEventNames.map((event) =>
    events.on(event, (payload) => send({ kind: 'event', event, payload })),
  );
  socket.on('close', () => unsubscribes.forEach((unsubscribe) => unsubscribe()));

  socket.on('message', (data, isBinary) => {
    const request = isBinary ? null : parseRequest(textOf(data));
    if (!request) {
      log.warn({ binary: isBinary }, 'bridge frame dropped: not a host API request');
      return;
    }
    dispatch(request.method, request.args).then(
      (result) => send({ kind: 'result', id: request.id, result }),
      (error: unknown) => {
        if (!(error instanceof RejectedHostCall))
          log.error({ err: error, method: request.method }, 'host call failed');
        send({
          kind: 'error',
          id: request.id,
          message: error instanceof Error ? error.message : 'Host call failed',
        });
      },
    );
  });
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(new Uint8Array(data)).toString('utf8');
}

function parseRequest(text: string) {
  try {
    const parsed = bridgeRequestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
