import { describe, expect, it } from 'vitest';
import { defaultPhoneSettings, type PhoneSettings } from '../../../common/settings/phone-settings';
import {
  incomingDecision,
  type IncomingDecision,
  type IncomingInvite,
} from '../../../renderer/phone/incoming-policy';

type Settings = Pick<PhoneSettings, 'dnd' | 'callWaiting' | 'autoAnswer'>;

const quiet: IncomingInvite<string> = {
  replaces: undefined,
  offerUsable: true,
  busy: false,
  autoAnswerRequest: null,
};
const settings = (
  change: Partial<Settings> = {},
  autoAnswer: Partial<Settings['autoAnswer']> = {},
): Settings => ({
  dnd: defaultPhoneSettings.dnd,
  callWaiting: defaultPhoneSettings.callWaiting,
  ...change,
  autoAnswer: { ...defaultPhoneSettings.autoAnswer, ...autoAnswer },
});
const refuse488: IncomingDecision<string> = {
  kind: 'refuse',
  sipCode: 488,
  why: 'The caller offered no audio format this phone can play (488)',
};

describe('incomingDecision', () => {
  it.each<[string, Partial<IncomingInvite<string>>, Settings, IncomingDecision<string>]>([
    ['an ordinary call rings', {}, settings(), { kind: 'ring' }],
    [
      'Replaces takes over without ringing',
      { replaces: 'consultation' },
      settings(),
      { kind: 'take-over', replaces: 'consultation' },
    ],
    [
      'Replaces wins over DND',
      { replaces: 'consultation' },
      settings({ dnd: true }),
      { kind: 'take-over', replaces: 'consultation' },
    ],
    [
      'Replaces wins over an unusable offer',
      { replaces: 'c', offerUsable: false },
      settings(),
      { kind: 'take-over', replaces: 'c' },
    ],
    ['no usable audio is refused with 488', { offerUsable: false }, settings(), refuse488],
    ['no usable audio is refused even in DND', { offerUsable: false }, settings({ dnd: true }), refuse488],
    ['DND declines with 486', {}, settings({ dnd: true }), { kind: 'decline', sipCode: 486 }],
    [
      'DND declines an auto-answer call',
      { autoAnswerRequest: { delaySeconds: 0 } },
      settings({ dnd: true }),
      { kind: 'decline', sipCode: 486 },
    ],
    ['busy with call waiting rings as waiting', { busy: true }, settings(), { kind: 'ring' }],
    [
      'busy without call waiting declines 486',
      { busy: true },
      settings({ callWaiting: false }),
      { kind: 'decline', sipCode: 486 },
    ],
    ['not busy without call waiting rings', {}, settings({ callWaiting: false }), { kind: 'ring' }],
    [
      'the header asks: answered after its delay',
      { autoAnswerRequest: { delaySeconds: 3 } },
      settings(),
      { kind: 'ring', autoAnswerAfterMs: 3000 },
    ],
    [
      'the header asks at once',
      { autoAnswerRequest: { delaySeconds: 0 } },
      settings(),
      { kind: 'ring', autoAnswerAfterMs: 0 },
    ],
    [
      'the header delay wins over the setting',
      { autoAnswerRequest: { delaySeconds: 2 } },
      settings({}, { delaySeconds: 9 }),
      { kind: 'ring', autoAnswerAfterMs: 2000 },
    ],
    [
      'the header is ignored when answer by header is off',
      { autoAnswerRequest: { delaySeconds: 0 } },
      settings({}, { byHeader: false }),
      { kind: 'ring' },
    ],
    [
      'always answer: after the setting delay',
      {},
      settings({}, { always: true, delaySeconds: 5 }),
      { kind: 'ring', autoAnswerAfterMs: 5000 },
    ],
    [
      'always answer, header off and asking: the setting delay',
      { autoAnswerRequest: { delaySeconds: 1 } },
      settings({}, { always: true, byHeader: false, delaySeconds: 4 }),
      { kind: 'ring', autoAnswerAfterMs: 4000 },
    ],
    [
      'a waiting call never answers by header',
      { busy: true, autoAnswerRequest: { delaySeconds: 0 } },
      settings(),
      { kind: 'ring' },
    ],
    [
      'a waiting call never answers by always',
      { busy: true },
      settings({}, { always: true }),
      { kind: 'ring' },
    ],
  ])('%s', (_name, invite, given, decision) => {
    expect(incomingDecision({ ...quiet, ...invite }, given)).toEqual(decision);
  });
});
