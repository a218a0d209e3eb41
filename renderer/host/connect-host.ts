import { buildHostApi, type HostApi } from '../../common/host-api/host-api';
import { createWebSocketTransport } from './websocket-transport';

/**
 * The host API for this renderer: the one the Electron preload exposed, or - in a browser tab
 * served by the web host - the same API over the WebSocket bridge.
 */
export function connectHost(): HostApi {
  const exposed = (window as { b24phoneHost?: HostApi }).b24phoneHost;
  return exposed ?? buildHostApi(createWebSocketTransport());
}

/** True in the desktop app (the preload exposed the host), false in a browser tab on the web host. */
export function isDesktopHost(): boolean {
  return (window as { b24phoneHost?: HostApi }).b24phoneHost !== undefined;
}
