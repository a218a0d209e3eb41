import { describe, expect, it } from 'vitest';
import { nextLegPhase, type LegPhase, type LegPhaseEvent } from '../../../renderer/phone/leg-phase';

describe('call phase state machine', () => {
  it.each<[LegPhase, LegPhaseEvent, LegPhase]>([
    ['ringing', 'answer', 'connecting'],
    ['connecting', 'confirmed', 'active'],
    ['calling', 'confirmed', 'active'],
    ['active', 'held', 'held'],
    ['held', 'resumed', 'active'],
    ['ringing', 'ended', 'ended'],
    ['calling', 'ended', 'ended'],
    ['held', 'ended', 'ended'],
  ])('%s --%s--> %s', (from, event, to) => {
    expect(nextLegPhase(from, event)).toBe(to);
  });

  it.each<[LegPhase, LegPhaseEvent]>([
    ['ringing', 'held'],
    ['calling', 'answer'],
    ['active', 'resumed'],
    ['held', 'held'],
    ['ended', 'ended'],
    ['ended', 'confirmed'],
    ['ringing', 'confirmed'],
  ])('refuses %s --%s', (from, event) => {
    expect(nextLegPhase(from, event)).toBeNull();
  });
});
