import { describe, expect, it } from 'vitest';
import { WakeDetector } from '../../../renderer/phone/wake-detector';

describe('WakeDetector', () => {
  it('reports a wake-up when a tick comes far too late (the machine slept)', () => {
    let now = 0;
    const wakes: number[] = [];
    const detector = new WakeDetector(
      (slept) => wakes.push(slept),
      2_000,
      15_000,
      () => now,
    );
    detector.start();
    detector.stop();
    for (const step of [2_000, 2_100, 1_900]) {
      now += step;
      detector.tick();
    }
    expect(wakes).toEqual([]);
    now += 60_000;
    detector.tick();
    expect(wakes).toEqual([58_000]);
    now += 2_000;
    detector.tick();
    expect(wakes).toHaveLength(1);
  });
});
