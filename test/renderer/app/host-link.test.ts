import { describe, expect, it } from 'vitest';
import { phoneStateSchema } from '../../../common/phone/phone-state';
import { settingsSchema } from '../../../common/settings/settings';
import { phoneStateOf } from '../../../renderer/app/host-link';
import { phoneCall } from './phone-calls';

describe('phoneStateOf (what the desktop shell is told)', () => {
  it('maps registration, DND and the live calls, oldest first, with the CRM name when known', () => {
    const settings = settingsSchema.parse({ phone: { dnd: true } });
    const state = phoneStateOf({
      registration: { kind: 'connecting', server: 'ws://pbx', attempt: 0 },
      settings,
      calls: {
        b: phoneCall('b', {
          phase: 'calling',
          direction: 'outgoing',
          origin: 'dialpad',
          ringingAt: 3,
          remoteNumber: '102',
        }),
        a: phoneCall('a', { phase: 'held', ringingAt: 2, remoteName: 'Ivan' }),
        old: phoneCall('old', { phase: 'ended', ringingAt: 1 }),
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
