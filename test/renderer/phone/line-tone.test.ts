import { describe, expect, it } from 'vitest';
import type { LegPhase } from '../../../renderer/phone/leg-phase';
import { lineTone, type ToneLeg } from '../../../renderer/phone/line-tone';
import type { Tone } from '../../../renderer/phone/tone-player';

const now = 1_000_000;
const leg = (phase: LegPhase, change: Partial<ToneLeg> = {}): ToneLeg => ({
  phase,
  remoteRinging: false,
  earlyMedia: false,
  ...change,
});

describe('lineTone', () => {
  it.each<[string, ToneLeg[], Tone | null]>([
    ['no legs', [], null],
    ['one rings', [leg('ringing')], 'ringtone'],
    ['one rings while another talks', [leg('active'), leg('ringing')], 'call-waiting'],
    ['one rings while another is held', [leg('held'), leg('ringing')], 'call-waiting'],
    ['one rings while another is being answered', [leg('connecting'), leg('ringing')], 'call-waiting'],
    ['one rings while we call out', [leg('calling', { remoteRinging: true }), leg('ringing')], 'ringtone'],
    ['auto-answered at once: silent', [leg('ringing', { autoAnswerAt: now })], null],
    ['auto-answered within half a second: silent', [leg('ringing', { autoAnswerAt: now + 500 })], null],
    ['auto-answered later: rings', [leg('ringing', { autoAnswerAt: now + 501 })], 'ringtone'],
    ['auto-answer long due and still ringing: silent', [leg('ringing', { autoAnswerAt: now - 5_000 })], null],
    ['calling, the far end not ringing yet', [leg('calling')], null],
    ['calling, the far end rings', [leg('calling', { remoteRinging: true })], 'ringback'],
    [
      'calling, the far end sends its own ringback',
      [leg('calling', { remoteRinging: true, earlyMedia: true })],
      null,
    ],
    ['calling out from a held call', [leg('held'), leg('calling', { remoteRinging: true })], 'ringback'],
    ['talking only', [leg('active')], null],
    [
      'an auto-answered ring and a far-end ring',
      [leg('ringing', { autoAnswerAt: now }), leg('calling', { remoteRinging: true })],
      'ringback',
    ],
  ])('%s', (_name, legs, tone) => {
    expect(lineTone(legs, now)).toBe(tone);
  });
});
