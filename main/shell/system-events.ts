import { net, powerMonitor } from 'electron';
import type { SystemEvent } from '../../common/system/system-event';

/** How often the network is looked at: Electron's main process has no online/offline event. */
export const networkPollMs = 5_000;

/**
 * Passes sleep, wake, screen lock and network changes to the phone (the `system/changed` host
 * event): after a suspend or a network change the SIP registration may be dead without the
 * WebSocket having noticed, and the phone re-registers on these instead of missing calls.
 * Returns the stop function.
 */
export function setupSystemEvents(emit: (event: SystemEvent) => void): () => void {
  powerMonitor.on('suspend', () => emit({ kind: 'suspend', at: Date.now() }));
  powerMonitor.on('resume', () => emit({ kind: 'resume', at: Date.now() }));
  powerMonitor.on('lock-screen', () => emit({ kind: 'lock-screen', at: Date.now() }));
  powerMonitor.on('unlock-screen', () => emit({ kind: 'unlock-screen', at: Date.now() }));
  let online = net.isOnline();
  const timer = setInterval(() => {
    const now = net.isOnline();
    if (now === online) return;
    online = now;
    emit({ kind: now ? 'online' : 'offline', at: Date.now() });
  }, networkPollMs);
  timer.unref();
  return () => clearInterval(timer);
}
