import type { HostApi } from './host-api';

/**
 * The name under which the desktop preload exposes the host API in the page (contextBridge). The
 * renderer reads `window[hostGlobalName]` and, when it is absent (a browser tab on the web host),
 * builds the same API over the WebSocket bridge instead.
 */
export const hostGlobalName = 'b24phoneHost';

/** The page's global as the desktop preload leaves it: `(window as HostGlobal).b24phoneHost`. */
export interface HostGlobal {
  readonly [hostGlobalName]?: HostApi;
}
