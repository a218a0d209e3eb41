import { describe, expect, it } from 'vitest';
import { estimateMos, mosFromR } from '../../../renderer/phone/mos';

describe('estimateMos (E-model)', () => {
  it('rates a clean G.711 line as toll quality', () => {
    const { mos, r } = estimateMos({ codec: 'PCMA', roundTripMs: 20, jitterMs: 2, lossPercent: 0 });
    expect(r).toBeGreaterThan(90);
    expect(mos).toBeGreaterThan(4.3);
  });

  it('drops with packet loss: 5 % is fair, 20 % is poor', () => {
    const five = estimateMos({ codec: 'PCMU', jitterMs: 5, lossPercent: 5 }).mos;
    const twenty = estimateMos({ codec: 'PCMU', jitterMs: 5, lossPercent: 20 }).mos;
    expect(five).toBeGreaterThan(3.7);
    expect(five).toBeLessThan(4.1);
    expect(twenty).toBeLessThan(3);
  });

  it('drops with delay past the E-model knee (177 ms one way)', () => {
    const near = estimateMos({ codec: 'PCMA', roundTripMs: 100, jitterMs: 0, lossPercent: 0 }).mos;
    const far = estimateMos({ codec: 'PCMA', roundTripMs: 600, jitterMs: 0, lossPercent: 0 }).mos;
    expect(near - far).toBeGreaterThan(0.5);
  });

  it('counts jitter as jitter-buffer delay', () => {
    const calm = estimateMos({ codec: 'opus', jitterMs: 1, lossPercent: 0 }).mos;
    const jittery = estimateMos({ codec: 'opus', jitterMs: 150, lossPercent: 0 }).mos;
    expect(jittery).toBeLessThan(calm - 0.4);
  });

  it('stays within 1..4.5 for any input', () => {
    for (const lossPercent of [-5, 0, 50, 100, 1e6])
      for (const roundTripMs of [undefined, 0, 1e5]) {
        const { mos } = estimateMos({ roundTripMs, jitterMs: 1e4, lossPercent });
        expect(mos).toBeGreaterThanOrEqual(1);
        expect(mos).toBeLessThanOrEqual(4.5);
      }
    expect(mosFromR(-10)).toBe(1);
    expect(mosFromR(120)).toBe(4.5);
  });
});
