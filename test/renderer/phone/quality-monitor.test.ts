import { describe, expect, it } from 'vitest';
import { QualityMonitor, type MediaSample } from '../../../renderer/phone/quality-monitor';

/** Cumulative samples, one a second: `perSecond` packets arrive and `lossPercent` of them are lost. */
function feed(
  monitor: QualityMonitor,
  seconds: number,
  lossPercent: number,
  start: { at: number; received: number; lost: number },
) {
  let result;
  for (let second = 0; second < seconds; second += 1) {
    const lost = Math.round((50 * lossPercent) / 100);
    start.at += 1_000;
    start.received += 50 - lost;
    start.lost += lost;
    const sample: MediaSample = {
      at: start.at,
      codec: 'PCMA',
      packetsReceived: start.received,
      packetsLost: start.lost,
      jitterMs: 4,
      roundTripMs: 30,
      audioLevel: 0.1,
    };
    result = monitor.add(sample);
  }
  return result;
}

describe('QualityMonitor', () => {
  it('shows the last interval, not the average since the call began', () => {
    const monitor = new QualityMonitor();
    const clock = { at: 0, received: 0, lost: 0 };
    feed(monitor, 10, 0, clock);
    const live = feed(monitor, 1, 20, clock);
    expect(live?.lossPercent).toBe(20);
    expect(live?.mos).toBeLessThan(3.2);
  });

  it('warns after a few poor seconds, not at the first lost packet, and clears when it recovers', () => {
    const monitor = new QualityMonitor();
    const clock = { at: 0, received: 0, lost: 0 };
    expect(feed(monitor, 5, 0, clock)?.poor).toBe(false);
    expect(feed(monitor, 2, 30, clock)?.poor).toBe(false);
    expect(feed(monitor, 1, 30, clock)?.poor).toBe(true);
    expect(feed(monitor, 2, 0, clock)?.poor).toBe(true);
    expect(feed(monitor, 1, 0, clock)?.poor).toBe(false);
  });

  it('does not judge intervals without traffic (hold)', () => {
    const monitor = new QualityMonitor();
    const clock = { at: 0, received: 0, lost: 0 };
    feed(monitor, 3, 0, clock);
    const held = monitor.add({
      at: clock.at + 1_000,
      packetsReceived: clock.received,
      packetsLost: clock.lost,
      jitterMs: 0,
      audioLevel: 0,
    });
    expect(held?.poor).toBe(false);
    expect(monitor.summary()?.samples).toBe(2);
  });

  it('summarises the call for the journal', () => {
    const monitor = new QualityMonitor();
    const clock = { at: 0, received: 0, lost: 0 };
    feed(monitor, 11, 0, clock);
    feed(monitor, 10, 10, clock);
    const summary = monitor.summary();
    expect(summary).toMatchObject({ codec: 'PCMA', samples: 20, jitterMsMax: 4, roundTripMsAverage: 30 });
    expect(summary?.packetLossPercent).toBeCloseTo(5, 0);
    expect(summary?.mosMin).toBeLessThan(summary?.mosAverage ?? 0);
    expect(summary?.poorSeconds).toBeGreaterThan(0);
  });

  it('has nothing to say about a call that never carried media', () => {
    const monitor = new QualityMonitor();
    monitor.add({ at: 0, packetsReceived: 0, packetsLost: 0, jitterMs: 0, audioLevel: 0 });
    expect(monitor.summary()).toBeUndefined();
  });
});
