import type { IncomingMessage, Server, ServerResponse } from 'node:http';

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Holds the portal's uploadUrl requests (`/rest/upload.json`) before the portal reads them, as a
 * stalled uplink would: their bodies wait in Node's buffer and the kernel's, so the uploader is held
 * mid-upload by TCP backpressure - a moment when what it keeps in memory is live, not garbage the
 * GC has not collected yet. `release()` hands them to the portal and stops holding.
 */
export function holdUploads(server: Server): {
  /** Body bytes received (not yet read) of the first held upload; 0 before it arrives. */
  receivedBytes(): number;
  release(): void;
} {
  const portalListeners = server.listeners('request') as RequestListener[];
  const held: Array<[IncomingMessage, ServerResponse]> = [];
  const pass: RequestListener = (request, response) => {
    for (const listener of portalListeners) listener.call(server, request, response);
  };
  const hold: RequestListener = (request, response) => {
    if (request.url?.startsWith('/rest/upload.json')) held.push([request, response]);
    else pass(request, response);
  };
  server.removeAllListeners('request');
  server.on('request', hold);
  return {
    receivedBytes: () => held[0]?.[0].readableLength ?? 0,
    release() {
      server.off('request', hold);
      for (const listener of portalListeners) server.on('request', listener);
      for (const [request, response] of held.splice(0)) pass(request, response);
    },
  };
}
