import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SystemEvent } from '../../../common/system/system-event';
import { networkPollMs, setupSystemEvents } from '../../../main/shell/system-events';
import { net, powerMonitor, resetElectronMock } from '../../mocks/electron';

describe('power and network events', () => {
  beforeEach(() => {
    resetElectronMock();
    vi.useFakeTimers({ now: 1_000 });
  });
  afterEach(() => vi.useRealTimers());

  it('passes suspend, resume and screen lock on to the phone', () => {
    const events: SystemEvent[] = [];
    const stop = setupSystemEvents((event) => events.push(event));
    for (const kind of ['suspend', 'resume', 'lock-screen', 'unlock-screen']) powerMonitor.emit(kind);
    stop();
    expect(events).toEqual([
      { kind: 'suspend', at: 1_000 },
      { kind: 'resume', at: 1_000 },
      { kind: 'lock-screen', at: 1_000 },
      { kind: 'unlock-screen', at: 1_000 },
    ]);
  });

  it('reports going offline and back online once each', () => {
    const events: SystemEvent[] = [];
    const stop = setupSystemEvents((event) => events.push(event));
    vi.advanceTimersByTime(networkPollMs * 2);
    net.online = false;
    vi.advanceTimersByTime(networkPollMs * 3);
    net.online = true;
    vi.advanceTimersByTime(networkPollMs);
    stop();
    expect(events.map((event) => event.kind)).toEqual(['offline', 'online']);
  });
});
