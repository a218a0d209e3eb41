import { describe, expect, it } from 'vitest';
import { phoneStateSchema } from '../../../common/phone/phone-state';
import { settingsSchema } from '../../../common/settings/settings';
import { phoneStateOf } from '../../../renderer/app/host-link';
import type { PhoneCall } from '../../../renderer/phone/phone';

function call(id: string, change: Partial<PhoneCall>): PhoneCall {
  return {
    id,
    direction: 'incoming',
    origin: 'pbx',
    remoteNumber: '+74951234567',
    phase: 'ringing',
    ringingAt: 1,
    remoteRinging: false,
    remoteHold: false,
    muted: false,
    waiting: false,
    conference: false,
    signalling: 'ok',
    ...change,
  };
}

describe('phoneStateOf (what the desktop shell is told)', () => {
  it('maps registration, DND and the live calls, oldest first, with the CRM name when known', () => {
    const settings = settingsSchema.parse({ phone: { dnd: true } });
    const state = phoneStateOf({
      registration: { kind: 'connecting', server: 'ws://pbx', attempt: 0 },
      settings,
      calls: {
        b: call('b', {
          phase: 'calling',
          direction: 'outgoing',
          origin: 'dialpad',
          ringingAt: 3,
          remoteNumber: '102',
        }),
        a: call('a', { phase: 'held', ringingAt: 2, remoteName: 'Ivan' }),
        old: call('old', { phase: 'ended', ringingAt: 1 }),
      },
      crmNames: { '102': 'Olga (CRM)' },
    });
    expect(state).toEqual({
      registration: 'registering',
      dnd: true,
      calls: [
        {
          callKey: 'a',
          direction: 'incoming',
          state: 'held',
          remoteNumber: '+74951234567',
          remoteName: 'Ivan',
        },
        {
          callKey: 'b',
          direction: 'outgoing',
          state: 'connecting',
          remoteNumber: '102',
          remoteName: 'Olga (CRM)',
        },
      ],
    });
    expect(phoneStateSchema.safeParse(state).success).toBe(true);
  });

  it('reports a failed registration and no settings yet as such', () => {
    const state = phoneStateOf({
      registration: { kind: 'failed', server: 'x', failure: { kind: 'unreachable' }, attempt: 1, retryAt: 5 },
      settings: null,
      calls: {},
      crmNames: {},
    });
    expect(state).toEqual({ registration: 'failed', dnd: false, calls: [] });
  });
});
