import { describe, expect, it } from 'vitest';
import { nextCallPhase, type CallPhase, type CallPhaseEvent } from '../../../renderer/phone/call-phase';

describe('call phase state machine', () => {
  it.each<[CallPhase, CallPhaseEvent, CallPhase]>([
    ['ringing', 'answer', 'connecting'],
    ['connecting', 'confirmed', 'active'],
    ['calling', 'confirmed', 'active'],
    ['active', 'held', 'held'],
    ['held', 'resumed', 'active'],
    ['ringing', 'ended', 'ended'],
    ['calling', 'ended', 'ended'],
    ['held', 'ended', 'ended'],
  ])('%s --%s--> %s', (from, event, to) => {
    expect(nextCallPhase(from, event)).toBe(to);
  });

  it.each<[CallPhase, CallPhaseEvent]>([
    ['ringing', 'held'],
    ['calling', 'answer'],
    ['active', 'resumed'],
    ['held', 'held'],
    ['ended', 'ended'],
    ['ended', 'confirmed'],
    ['ringing', 'confirmed'],
  ])('refuses %s --%s', (from, event) => {
    expect(nextCallPhase(from, event)).toBeNull();
  });
});
